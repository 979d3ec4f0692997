import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { allergensOf, EU_ALLERGEN_NUMBERS, isAllergenNumber } from '../../src/domain/allergens.ts';
import { allowedDayActions, isEnrolledOn, mealOfDay } from '../../src/domain/meal-day.ts';
import { dishesForDiet, type MenuDishLike } from '../../src/domain/menu.ts';
import { dayLabel, isMonth, monthGrid, schoolWeekOf, shiftMonth } from '../../src/domain/month-grid.ts';
import { isSchoolYear, schoolYearBounds, schoolYearOf } from '../../src/domain/school-year.ts';

describe('school years', () => {
  it('run from 1 September to 31 August', () => {
    expect(schoolYearOf('2026-08-31')).toBe('2025/2026');
    expect(schoolYearOf('2026-09-01')).toBe('2026/2027');
    expect(schoolYearOf('2027-06-30')).toBe('2026/2027');
    expect(schoolYearBounds('2026/2027')).toEqual({ from: '2026-09-01', to: '2027-08-31' });
  });

  it('are written as two consecutive years', () => {
    expect(isSchoolYear('2026/2027')).toBe(true);
    expect(isSchoolYear('2026/2028')).toBe(false);
    expect(isSchoolYear('2026-2027')).toBe(false);
  });
});

describe('EU allergens', () => {
  it('has the 14 of annex II, each named in Italian and in English', () => {
    expect(EU_ALLERGEN_NUMBERS).toHaveLength(14);
    expect(isAllergenNumber(14)).toBe(true);
    expect(isAllergenNumber(15)).toBe(false);
    expect(isAllergenNumber(0)).toBe(false);
    const names = (lng: string) =>
      (JSON.parse(readFileSync(`locales/${lng}/canteen.json`, 'utf8')) as { canteen: { allergens: Record<string, string> } }).canteen
        .allergens;
    expect(names('it')['1']).toBe('Cereali contenenti glutine');
    expect(names('en')['12']).toBe('Sulphur dioxide and sulphites');
    for (const lng of ['it', 'en']) expect(Object.keys(names(lng)).map(Number)).toEqual(EU_ALLERGEN_NUMBERS);
  });

  it('lists the allergens of several dishes once, in order', () => {
    expect(allergensOf([{ allergens: [7, 1] }, { allergens: [1, 3] }])).toEqual([1, 3, 7]);
  });
});

describe('dishesForDiet', () => {
  const dish = (course: MenuDishLike['course'], name: string, dietCode: string | null = null, position = 0): MenuDishLike => ({
    course,
    name,
    allergens: [],
    dietCode,
    position,
  });
  const day = [
    dish('SECOND', 'Polpette', null, 1),
    dish('FIRST', 'Pasta al pesto'),
    dish('FIRST', 'Pasta di mais al pesto', 'SENZA_GLUTINE'),
    dish('FIRST', 'Pasta al pesto senza formaggio', 'SENZA_LATTOSIO'),
    dish('FRUIT', 'Mela', null, 2),
  ];

  it('gives the ordinary menu, in course order, without any variant', () => {
    expect(dishesForDiet(day, null).map((d) => d.name)).toEqual(['Pasta al pesto', 'Polpette', 'Mela']);
  });

  it("puts the diet's variant in place of the ordinary dish of that course only", () => {
    expect(dishesForDiet(day, 'SENZA_GLUTINE').map((d) => d.name)).toEqual(['Pasta di mais al pesto', 'Polpette', 'Mela']);
    expect(dishesForDiet(day, 'SENZA_LATTOSIO').map((d) => d.name)).toEqual(['Pasta al pesto senza formaggio', 'Polpette', 'Mela']);
  });

  it('keeps the ordinary dishes for a diet without variants that day', () => {
    expect(dishesForDiet(day, 'VEGETARIANA').map((d) => d.name)).toEqual(['Pasta al pesto', 'Polpette', 'Mela']);
  });
});

describe('isEnrolledOn', () => {
  it('counts from the first to the last day, both included', () => {
    const enrollment = { state: 'ACTIVE' as const, startsOn: '2026-09-14', endsOn: '2026-12-22' };
    expect(isEnrolledOn(enrollment, '2026-09-13')).toBe(false);
    expect(isEnrolledOn(enrollment, '2026-09-14')).toBe(true);
    expect(isEnrolledOn(enrollment, '2026-12-22')).toBe(true);
    expect(isEnrolledOn(enrollment, '2026-12-23')).toBe(false);
    expect(isEnrolledOn({ ...enrollment, endsOn: null }, '2027-05-01')).toBe(true);
  });

  it('does not count an ended enrollment without a last day', () => {
    expect(isEnrolledOn({ state: 'ENDED', startsOn: '2026-09-14', endsOn: null }, '2026-10-01')).toBe(false);
  });
});

describe('mealOfDay', () => {
  const base = { day: '2026-11-19', runs: true, enrolled: true, booking: null, prolongedAbsences: [] };

  it('is present unless a request or an absence says otherwise', () => {
    expect(mealOfDay(base)).toBe('PRESENT');
    expect(mealOfDay({ ...base, booking: { status: 'ABSENT', closed: false } })).toBe('ABSENT');
    expect(mealOfDay({ ...base, booking: { status: 'BLAND', closed: false } })).toBe('BLAND');
    expect(mealOfDay({ ...base, prolongedAbsences: [{ startsOn: '2026-11-01', endsOn: null }] })).toBe('ABSENT');
    expect(mealOfDay({ ...base, runs: false })).toBe('NO_SERVICE');
    expect(mealOfDay({ ...base, dayClosed: true })).toBe('NO_SERVICE');
    expect(mealOfDay({ ...base, dayClosed: true, booking: { status: 'BLAND', closed: true } })).toBe('BLAND');
  });

  it('takes what a closed day recorded, even against a prolonged absence (a clerk correction)', () => {
    const corrected = {
      ...base,
      booking: { status: 'PRESENT' as const, closed: true },
      prolongedAbsences: [{ startsOn: '2026-11-01', endsOn: null }],
    };
    expect(mealOfDay(corrected)).toBe('PRESENT');
  });
});

describe('allowedDayActions', () => {
  const open = {
    day: '2026-11-19',
    runs: true,
    enrolled: true,
    closed: false,
    beforeCutoff: true,
    requested: null,
    inProlongedAbsence: false,
    openProlongedFrom: null,
  };

  it('offers cancel, bland meal and prolonged absence on a booked future day', () => {
    expect(allowedDayActions(open)).toEqual(['CANCEL', 'BLAND', 'PROLONGED']);
  });

  it('offers undo for a pending request', () => {
    expect(allowedDayActions({ ...open, requested: 'ABSENT' })).toEqual(['UNDO', 'PROLONGED']);
    expect(allowedDayActions({ ...open, requested: 'BLAND' })).toEqual(['CANCEL', 'UNDO', 'PROLONGED']);
  });

  it('offers nothing after the cutoff, on a closed day or where the service does not run', () => {
    expect(allowedDayActions({ ...open, beforeCutoff: false })).toEqual([]);
    expect(allowedDayActions({ ...open, closed: true })).toEqual([]);
    expect(allowedDayActions({ ...open, runs: false })).toEqual([]);
    expect(allowedDayActions({ ...open, enrolled: false })).toEqual([]);
  });

  it('offers only reactivation from the start of an open prolonged absence', () => {
    expect(allowedDayActions({ ...open, inProlongedAbsence: true, openProlongedFrom: '2026-11-19' })).toEqual(['REACTIVATE']);
    expect(allowedDayActions({ ...open, day: '2026-11-18', openProlongedFrom: '2026-11-19' })).toEqual(['CANCEL', 'BLAND']);
    expect(allowedDayActions({ ...open, inProlongedAbsence: true })).toEqual([]);
  });
});

describe('month grid', () => {
  it('covers whole weeks, Monday to Sunday', () => {
    expect(monthGrid('2026-11')).toEqual({ first: '2026-11-01', last: '2026-11-30', gridStart: '2026-10-26', gridEnd: '2026-12-06' });
    expect(monthGrid('2027-02')).toEqual({ first: '2027-02-01', last: '2027-02-28', gridStart: '2027-02-01', gridEnd: '2027-02-28' });
  });

  it('moves across years and validates months', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
    expect(isMonth('2026-13')).toBe(false);
    expect(() => monthGrid('2026-1')).toThrow(RangeError);
  });

  it('names the school week and a day in Italian', () => {
    expect(schoolWeekOf('2026-11-22')).toEqual({ monday: '2026-11-16', friday: '2026-11-20' });
    expect(dayLabel('2026-11-19', 'it')).toBe('giovedì 19/11/2026');
  });
});
