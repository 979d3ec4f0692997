import { describe, expect, it } from 'vitest';
import { expectedMeal, isInProlongedAbsence, type ProlongedAbsenceSpan } from '../../src/domain/attendance.ts';

const closedSpan: ProlongedAbsenceSpan = { startsOn: '2026-11-02', endsOn: '2026-11-06' };
const openSpan: ProlongedAbsenceSpan = { startsOn: '2027-01-11', endsOn: null };

describe('isInProlongedAbsence', () => {
  it('includes both ends of a closed span', () => {
    expect(isInProlongedAbsence('2026-10-30', [closedSpan])).toBe(false);
    expect(isInProlongedAbsence('2026-11-02', [closedSpan])).toBe(true);
    expect(isInProlongedAbsence('2026-11-06', [closedSpan])).toBe(true);
    expect(isInProlongedAbsence('2026-11-09', [closedSpan])).toBe(false);
  });

  it('lasts until reactivation when the span has no end', () => {
    expect(isInProlongedAbsence('2027-01-08', [openSpan])).toBe(false);
    expect(isInProlongedAbsence('2027-05-31', [openSpan])).toBe(true);
  });

  it('looks at every span', () => {
    expect(isInProlongedAbsence('2027-02-01', [closedSpan, openSpan])).toBe(true);
    expect(isInProlongedAbsence('2026-12-01', [closedSpan, openSpan])).toBe(false);
    expect(isInProlongedAbsence('2026-12-01', [])).toBe(false);
  });
});

describe('expectedMeal', () => {
  const base = { day: '2026-10-12', runs: true, enrolled: true, request: null, prolongedAbsences: [] };

  it('is PRESENT unless cancelled', () => {
    expect(expectedMeal(base)).toBe('PRESENT');
  });

  it('is NO_SERVICE when the canteen does not run or the child is not enrolled, whatever was asked', () => {
    expect(expectedMeal({ ...base, runs: false })).toBe('NO_SERVICE');
    expect(expectedMeal({ ...base, enrolled: false })).toBe('NO_SERVICE');
    expect(expectedMeal({ ...base, runs: false, request: 'BLAND' })).toBe('NO_SERVICE');
    expect(expectedMeal({ ...base, enrolled: false, prolongedAbsences: [openSpan], day: '2027-02-01' })).toBe('NO_SERVICE');
  });

  it('is ABSENT on a cancelled day or inside a prolonged absence', () => {
    expect(expectedMeal({ ...base, request: 'ABSENT' })).toBe('ABSENT');
    expect(expectedMeal({ ...base, day: '2026-11-03', prolongedAbsences: [closedSpan] })).toBe('ABSENT');
  });

  it('is BLAND when asked, unless the child is absent', () => {
    expect(expectedMeal({ ...base, request: 'BLAND' })).toBe('BLAND');
    expect(expectedMeal({ ...base, day: '2026-11-03', request: 'BLAND', prolongedAbsences: [closedSpan] })).toBe('ABSENT');
  });

  it('is PRESENT again after the prolonged absence ends', () => {
    expect(expectedMeal({ ...base, day: '2026-11-09', prolongedAbsences: [closedSpan] })).toBe('PRESENT');
  });
});
