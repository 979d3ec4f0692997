import { describe, expect, it } from 'vitest';
import { addCounts, countMeals, reportPhase, type MealToCount } from '../../src/domain/kitchen-count.ts';

const meal = (lastName: string, status: MealToCount['status'], dietCode: string | null = null): MealToCount => ({
  status,
  dietCode,
  firstName: 'A',
  lastName,
  className: '1A',
});

describe('countMeals', () => {
  it('splits ordinary, bland and per-diet meals; absent children are not cooked for', () => {
    const count = countMeals([
      meal('Rossi', 'PRESENT'),
      meal('Bianchi', 'PRESENT'),
      meal('Verdi', 'BLAND'),
      meal('Neri', 'ABSENT'),
      meal('Zeta', 'PRESENT', 'SENZA_GLUTINE'),
      meal('Alfa', 'BLAND', 'SENZA_GLUTINE'),
      meal('Gamma', 'ABSENT', 'SENZA_LATTOSIO'),
      meal('Beta', 'PRESENT', 'SENZA_LATTOSIO'),
    ]);
    expect(count).toEqual({
      normal: 2,
      bland: 1,
      diets: [
        {
          code: 'SENZA_GLUTINE',
          count: 2,
          students: [
            { name: 'Alfa A', className: '1A', bland: true },
            { name: 'Zeta A', className: '1A', bland: false },
          ],
        },
        { code: 'SENZA_LATTOSIO', count: 1, students: [{ name: 'Beta A', className: '1A', bland: false }] },
      ],
      total: 6,
    });
    expect(addCounts([count, countMeals([meal('X', 'PRESENT')])])).toEqual({ normal: 3, bland: 1, diets: 3, total: 7 });
  });
});

describe('reportPhase', () => {
  it('withholds today until the cutoff, to the second', () => {
    expect(reportPhase('2026-11-18', new Date('2026-11-18T07:59:59Z'), '09:00')).toBe('NOT_YET');
    expect(reportPhase('2026-11-18', new Date('2026-11-18T08:00:00Z'), '09:00')).toBe('FINAL');
  });

  it('follows Rome time on the DST change days', () => {
    // last Sunday of March 2027: 09:00 in Rome is 07:00 UTC (CEST)
    expect(reportPhase('2027-03-28', new Date('2027-03-28T06:59:59Z'), '09:00')).toBe('NOT_YET');
    expect(reportPhase('2027-03-28', new Date('2027-03-28T07:00:00Z'), '09:00')).toBe('FINAL');
    // last Sunday of October 2026: back to CET, 09:00 is 08:00 UTC
    expect(reportPhase('2026-10-25', new Date('2026-10-25T07:59:59Z'), '09:00')).toBe('NOT_YET');
  });

  it('past days are final, future days a forecast (also across midnight in Rome)', () => {
    expect(reportPhase('2026-11-17', new Date('2026-11-18T05:00:00Z'), '09:00')).toBe('FINAL');
    expect(reportPhase('2026-11-19', new Date('2026-11-18T22:59:59Z'), '09:00')).toBe('FORECAST');
    expect(reportPhase('2026-11-19', new Date('2026-11-18T23:00:00Z'), '09:00')).toBe('NOT_YET');
  });
});
