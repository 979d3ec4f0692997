// Arrears (morosità): how old an overdue document is, which age bucket it falls in, when it may be sent to
// coercive collection (messa a ruolo) and when a family's arrears flag its re-enrolment for the clerk.
import type { IsoDate } from './dates.ts';

/** The age buckets of the arrears list, by days past the due date; the last one has no upper bound. */
export const AGE_BUCKETS = [
  { key: 'upTo30', maxDays: 30 },
  { key: 'upTo90', maxDays: 90 },
  { key: 'over90', maxDays: null },
] as const;

export type AgeBucket = (typeof AGE_BUCKETS)[number]['key'];

/** Whole days from the due date to today: 1 the day after the due date, 0 or less while not yet overdue. */
export function daysPastDue(dueOn: IsoDate, today: IsoDate): number {
  return Math.round((Date.parse(today) - Date.parse(dueOn)) / 86_400_000);
}

/** The bucket of a document overdue by `days` (≥ 1) days: 1–30, 31–90, over 90. */
export function ageBucket(days: number): AgeBucket {
  if (days < 1) throw new RangeError(`Not overdue: ${days} days past due`);
  return AGE_BUCKETS.find((bucket) => bucket.maxDays === null || days <= bucket.maxDays)!.key;
}

export interface OverdueDocument {
  dueCents: number;
  daysPastDue: number;
}

export interface CollectionRule {
  afterDays: number;
  afterReminders: number;
}

/**
 * A document may be sent to coercive collection once it is overdue by at least `afterDays` days and the
 * family was reminded of it at least `afterReminders` times, and never twice.
 */
export function collectionEligible(
  document: OverdueDocument & { reminders: number; sentToCollection: boolean },
  rule: CollectionRule,
): boolean {
  return (
    !document.sentToCollection &&
    document.dueCents > 0 &&
    document.daysPastDue >= Math.max(1, rule.afterDays) &&
    document.reminders >= rule.afterReminders
  );
}

export interface ReenrolmentThreshold {
  amountCents: number;
  days: number;
}

export interface ArrearsFlag {
  flagged: boolean;
  /** everything overdue, whatever its age */
  amountCents: number;
  /** days past due of the oldest overdue document; 0 when none */
  oldestDays: number;
}

/**
 * The re-enrolment check: a family is flagged when its documents overdue by at least `days` days add up to at
 * least `amountCents`. A flag for the clerk reviewing the enrollment, never a refusal.
 */
export function reenrolmentFlag(documents: readonly OverdueDocument[], threshold: ReenrolmentThreshold): ArrearsFlag {
  const overdue = documents.filter((d) => d.daysPastDue >= 1 && d.dueCents > 0);
  const oldEnough = overdue.filter((d) => d.daysPastDue >= threshold.days).reduce((sum, d) => sum + d.dueCents, 0);
  return {
    flagged: oldEnough > 0 && oldEnough >= threshold.amountCents,
    amountCents: overdue.reduce((sum, d) => sum + d.dueCents, 0),
    oldestDays: overdue.reduce((max, d) => Math.max(max, d.daysPastDue), 0),
  };
}
