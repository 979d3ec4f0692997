import { describe, expect, it } from 'vitest';
import { billedMonths, instalmentDueIn, instalmentPlan, monthlyFeeDue, schoolYearMonths } from '../../src/domain/flat-fees.ts';

describe('schoolYearMonths', () => {
  it('runs from September to June', () => {
    expect(schoolYearMonths('2026/2027')).toEqual([
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
    ]);
  });
});

describe('monthlyFeeDue', () => {
  const wholeYear = { startsOn: '2026-09-14', endsOn: null };

  it('bills a month the child is enrolled on at least one day, in full', () => {
    expect(monthlyFeeDue({ startsOn: '2026-11-30', endsOn: null }, '2026-11')).toBe(true);
    expect(monthlyFeeDue({ startsOn: '2026-09-14', endsOn: '2026-12-01' }, '2026-12')).toBe(true);
    expect(monthlyFeeDue(wholeYear, '2026-09')).toBe(true);
  });

  it('does not bill a month before the start, after the end, or in July and August', () => {
    expect(monthlyFeeDue({ startsOn: '2026-12-01', endsOn: null }, '2026-11')).toBe(false);
    expect(monthlyFeeDue({ startsOn: '2026-09-14', endsOn: '2026-11-30' }, '2026-12')).toBe(false);
    expect(monthlyFeeDue(wholeYear, '2027-07')).toBe(false);
    expect(monthlyFeeDue(wholeYear, '2027-08')).toBe(false);
  });

  it('refuses what is not a month', () => {
    expect(() => monthlyFeeDue(wholeYear, '2026-13')).toThrow(RangeError);
  });

  it('lists the billed months of a withdrawal in February', () => {
    expect(billedMonths({ startsOn: '2026-10-05', endsOn: '2027-02-10' }, '2026/2027')).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
  });
});

describe('instalmentPlan', () => {
  it('splits a yearly fee in three, due 31 October, 31 January and 30 April, the odd cents on the first', () => {
    expect(instalmentPlan(30_001, 3, '2026/2027')).toEqual([
      { number: 1, count: 3, amountCents: 10_001, dueOn: '2026-10-31' },
      { number: 2, count: 3, amountCents: 10_000, dueOn: '2027-01-31' },
      { number: 3, count: 3, amountCents: 10_000, dueOn: '2027-04-30' },
    ]);
  });

  it('sums exactly to the yearly fee for every count and many amounts', () => {
    for (let count = 1; count <= 10; count++) {
      for (const yearly of [0, 1, 99, 10_000, 33_334, 123_457]) {
        const plan = instalmentPlan(yearly, count, '2026/2027');
        expect(plan).toHaveLength(count);
        expect(plan.reduce((sum, i) => sum + i.amountCents, 0)).toBe(yearly);
        const dues = plan.map((i) => i.dueOn);
        expect([...dues].sort()).toEqual(dues);
        expect(new Set(dues).size).toBe(count);
        expect(dues.every((d) => d >= '2026-09-30' && d <= '2027-06-30')).toBe(true);
      }
    }
  });

  it('has a general rule: 2 → October and March, 10 → the end of every month, 1 → October', () => {
    expect(instalmentPlan(100, 2, '2026/2027').map((i) => i.dueOn)).toEqual(['2026-10-31', '2027-03-31']);
    expect(instalmentPlan(100, 10, '2026/2027').map((i) => i.dueOn)[0]).toBe('2026-09-30');
    expect(instalmentPlan(100, 10, '2026/2027').map((i) => i.dueOn)[9]).toBe('2027-06-30');
    expect(instalmentPlan(100, 1, '2026/2027').map((i) => i.dueOn)).toEqual(['2026-10-31']);
    expect(instalmentPlan(100, 3, '2027/2028')[1].dueOn).toBe('2028-01-31');
  });

  it('refuses counts outside 1–10 and amounts that are not cents', () => {
    expect(() => instalmentPlan(100, 0, '2026/2027')).toThrow(RangeError);
    expect(() => instalmentPlan(100, 11, '2026/2027')).toThrow(RangeError);
    expect(() => instalmentPlan(10.5, 3, '2026/2027')).toThrow(RangeError);
  });
});

describe('instalmentDueIn', () => {
  const plan = instalmentPlan(30_000, 3, '2026/2027');

  it('gives the instalment falling due in the month of the run, or none', () => {
    expect(instalmentDueIn(plan, '2026-10')?.number).toBe(1);
    expect(instalmentDueIn(plan, '2027-01')?.number).toBe(2);
    expect(instalmentDueIn(plan, '2027-04')?.number).toBe(3);
    expect(instalmentDueIn(plan, '2026-11')).toBeNull();
  });
});
