import { describe, expect, it } from 'vitest';
import {
  EXPIRING_PURPOSES,
  expiresAfterDueDate,
  expiringNoticeDueOn,
  NOTICE_VALIDITY_DAYS,
  noticeExpiredOn,
} from '../../src/domain/notice-expiry.ts';

describe('which notices expire (GPD switchToExpired)', () => {
  it('top-up and spontaneous notices expire; invoice notices stay payable after their due date', () => {
    expect(expiresAfterDueDate('TOP_UP')).toBe(true);
    expect(expiresAfterDueDate('SPONTANEOUS')).toBe(true);
    expect(expiresAfterDueDate('INVOICE')).toBe(false);
    expect([...EXPIRING_PURPOSES].sort()).toEqual(['SPONTANEOUS', 'TOP_UP']);
  });
});

describe('noticeExpiredOn(notice, day)', () => {
  const topUp = { purpose: 'TOP_UP' as const, dueOn: '2026-12-18' };

  it('is payable up to and including its due date, expired from the day after', () => {
    expect(noticeExpiredOn(topUp, '2026-11-18')).toBe(false);
    expect(noticeExpiredOn(topUp, '2026-12-18')).toBe(false);
    expect(noticeExpiredOn(topUp, '2026-12-19')).toBe(true);
    expect(noticeExpiredOn(topUp, '2027-06-01')).toBe(true);
  });

  it('compares calendar days across month and year ends', () => {
    expect(noticeExpiredOn({ purpose: 'SPONTANEOUS', dueOn: '2026-12-31' }, '2026-12-31')).toBe(false);
    expect(noticeExpiredOn({ purpose: 'SPONTANEOUS', dueOn: '2026-12-31' }, '2027-01-01')).toBe(true);
  });

  it('never expires an invoice notice, however late', () => {
    expect(noticeExpiredOn({ purpose: 'INVOICE', dueOn: '2026-09-28' }, '2027-09-28')).toBe(false);
  });

  it('never expires a notice "senza scadenza"', () => {
    expect(noticeExpiredOn({ purpose: 'TOP_UP', dueOn: null }, '2030-01-01')).toBe(false);
  });
});

describe('expiringNoticeDueOn', () => {
  it('gives a top-up avviso a month and a spontaneous notice a week', () => {
    expect(NOTICE_VALIDITY_DAYS).toEqual({ TOP_UP: 30, SPONTANEOUS: 7 });
    expect(expiringNoticeDueOn('TOP_UP', '2026-11-18')).toBe('2026-12-18');
    expect(expiringNoticeDueOn('SPONTANEOUS', '2026-11-18')).toBe('2026-11-25');
  });

  it('counts calendar days in Rome across the DST change', () => {
    expect(expiringNoticeDueOn('SPONTANEOUS', '2027-03-25')).toBe('2027-04-01');
    expect(expiringNoticeDueOn('TOP_UP', '2026-10-20')).toBe('2026-11-19');
  });

  it('is still payable on its last day and expired the next', () => {
    const dueOn = expiringNoticeDueOn('TOP_UP', '2026-11-18');
    expect(noticeExpiredOn({ purpose: 'TOP_UP', dueOn }, dueOn)).toBe(false);
    expect(noticeExpiredOn({ purpose: 'TOP_UP', dueOn }, '2026-12-19')).toBe(true);
  });
});
