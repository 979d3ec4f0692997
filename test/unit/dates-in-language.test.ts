// Day and month names in the reader's language: the same digits (dd/mm/yyyy) in Italian and English, the names
// from one place (luxon's locale data), and Italian whenever no language is asked for (what invoices store).
import { describe, expect, it } from 'vitest';
import { periodLabel } from '../../src/domain/billing-run.ts';
import { italianMonth, monthIn } from '../../src/domain/dates.ts';
import { formatDayList } from '../../src/domain/invoice-days.ts';
import { dayLabel } from '../../src/domain/month-grid.ts';
import { statementMonths } from '../../src/features/wallet/statement.ts';

describe('dayLabel', () => {
  it('names a day with its weekday in the language asked, digits as dd/mm/yyyy', () => {
    expect(dayLabel('2026-11-16', 'en')).toBe('Monday 16/11/2026');
    expect(dayLabel('2026-11-19', 'en')).toBe('Thursday 19/11/2026');
    expect(dayLabel('2026-11-22', 'en')).toBe('Sunday 22/11/2026');
    expect(dayLabel('2026-11-16', 'it')).toBe('lunedì 16/11/2026');
    expect(dayLabel('2026-11-19', 'it')).toBe('giovedì 19/11/2026');
  });

  it('keeps the calendar day across the DST change and at year ends', () => {
    expect(dayLabel('2026-10-25', 'en')).toBe('Sunday 25/10/2026');
    expect(dayLabel('2026-03-29', 'it')).toBe('domenica 29/03/2026');
    expect(dayLabel('2026-12-31', 'en')).toBe('Thursday 31/12/2026');
    expect(dayLabel('2027-01-01', 'it')).toBe('venerdì 01/01/2027');
  });
});

describe('month names', () => {
  it('monthIn and periodLabel give the month in a language, Italian by default for periodLabel', () => {
    expect(monthIn('2026-11-18', 'en')).toBe('November 2026');
    expect(monthIn('2026-11-18', 'it')).toBe('novembre 2026');
    expect(italianMonth('2026-11-18')).toBe('novembre 2026');
    expect(periodLabel('2026-10', 'en')).toBe('October 2026');
    expect(periodLabel('2026-10', 'it')).toBe('ottobre 2026');
    expect(periodLabel('2026-10')).toBe('ottobre 2026');
    expect(() => periodLabel('2026-1', 'en')).toThrow(RangeError);
  });

  it('formatDayList groups the days by month in the language asked, Italian by default', () => {
    const days = ['2026-12-01', '2026-11-30', '2027-01-07', '2026-12-02'];
    expect(formatDayList(days, 'en')).toBe('30 November 2026; 1, 2 December 2026; 7 January 2027');
    expect(formatDayList(days, 'it')).toBe('30 novembre 2026; 1, 2 dicembre 2026; 7 gennaio 2027');
    expect(formatDayList(days)).toBe(formatDayList(days, 'it'));
    expect(formatDayList([], 'en')).toBe('');
  });
});

describe('statementMonths', () => {
  it('offers this month and the eleven before it as YYYY-MM, newest first, named by the page', () => {
    const months = statementMonths(new Date('2026-11-18T07:30:00Z'));
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2026-11');
    expect(months[10]).toBe('2026-01');
    expect(months[11]).toBe('2025-12');
    // 00:30 of 1 January in Rome is still 31 December in UTC: Rome's month counts
    expect(statementMonths(new Date('2026-12-31T23:30:00Z'))[0]).toBe('2027-01');
  });
});
