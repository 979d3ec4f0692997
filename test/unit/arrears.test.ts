import { describe, expect, it } from 'vitest';
import { ageBucket, collectionEligible, daysPastDue, reenrolmentFlag } from '../../src/domain/arrears.ts';

describe('days past due', () => {
  it('is 0 on the due date and 1 the day after', () => {
    expect(daysPastDue('2026-10-31', '2026-10-31')).toBe(0);
    expect(daysPastDue('2026-10-31', '2026-11-01')).toBe(1);
    expect(daysPastDue('2026-12-01', '2026-11-18')).toBe(-13);
  });

  it('counts calendar days across the DST change', () => {
    expect(daysPastDue('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysPastDue('2026-03-28', '2026-03-30')).toBe(2);
  });
});

describe('age bucket', () => {
  it('puts 1–30 days in the first bucket', () => {
    expect(ageBucket(1)).toBe('upTo30');
    expect(ageBucket(30)).toBe('upTo30');
  });

  it('puts 31–90 days in the second bucket', () => {
    expect(ageBucket(31)).toBe('upTo90');
    expect(ageBucket(90)).toBe('upTo90');
  });

  it('puts over 90 days in the last bucket', () => {
    expect(ageBucket(91)).toBe('over90');
    expect(ageBucket(2000)).toBe('over90');
  });

  it('refuses a document not yet overdue', () => {
    expect(() => ageBucket(0)).toThrow(RangeError);
  });
});

describe('messa a ruolo', () => {
  const rule = { afterDays: 180, afterReminders: 2 };
  const document = { dueCents: 4500, daysPastDue: 180, reminders: 2, sentToCollection: false };

  it('is allowed at exactly the days and reminders required', () => {
    expect(collectionEligible(document, rule)).toBe(true);
  });

  it('waits for the days past due', () => {
    expect(collectionEligible({ ...document, daysPastDue: 179 }, rule)).toBe(false);
  });

  it('waits for the reminders', () => {
    expect(collectionEligible({ ...document, reminders: 1 }, rule)).toBe(false);
  });

  it('never sends a document twice, nor one with nothing due', () => {
    expect(collectionEligible({ ...document, sentToCollection: true }, rule)).toBe(false);
    expect(collectionEligible({ ...document, dueCents: 0 }, rule)).toBe(false);
  });

  it('with no reminders required, still needs the document overdue', () => {
    expect(collectionEligible({ ...document, reminders: 0, daysPastDue: 1 }, { afterDays: 0, afterReminders: 0 })).toBe(true);
    expect(collectionEligible({ ...document, reminders: 0, daysPastDue: 0 }, { afterDays: 0, afterReminders: 0 })).toBe(false);
  });
});

describe('re-enrolment flag', () => {
  const threshold = { amountCents: 10_000, days: 60 };

  it('flags a family whose old enough arrears reach the amount', () => {
    const flag = reenrolmentFlag(
      [
        { dueCents: 6000, daysPastDue: 120 },
        { dueCents: 4000, daysPastDue: 60 },
        { dueCents: 2500, daysPastDue: 10 },
      ],
      threshold,
    );
    expect(flag).toEqual({ flagged: true, amountCents: 12_500, oldestDays: 120 });
  });

  it('does not count recent arrears towards the threshold', () => {
    const flag = reenrolmentFlag(
      [
        { dueCents: 6000, daysPastDue: 120 },
        { dueCents: 9000, daysPastDue: 59 },
      ],
      threshold,
    );
    expect(flag).toEqual({ flagged: false, amountCents: 15_000, oldestDays: 120 });
  });

  it('ignores documents not yet due and is clear with no arrears', () => {
    expect(reenrolmentFlag([{ dueCents: 50_000, daysPastDue: -3 }], threshold)).toEqual({ flagged: false, amountCents: 0, oldestDays: 0 });
    expect(reenrolmentFlag([], { amountCents: 0, days: 0 })).toEqual({ flagged: false, amountCents: 0, oldestDays: 0 });
  });
});
