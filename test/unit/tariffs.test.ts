import { describe, expect, it } from 'vitest';
import { pickTariffByIsee, priceWithSiblingReduction, type TariffRule } from '../../src/domain/tariffs.ts';

type Named = TariffRule & { name: string };

const band = (name: string, amountCents: number, iseeFromCents: number | null, iseeToCents: number | null): Named => ({
  name,
  unit: 'PER_MEAL',
  amountCents,
  iseeFromCents,
  iseeToCents,
  siblingReductionPct: 30,
});

// Fasce ISEE: fino a 5.000 €, 5.000,01–15.000 €, oltre 15.000 € (tariffa piena).
const tariffs: Named[] = [band('low', 150, null, 500000), band('middle', 350, 500001, 1500000), band('full', 500, 1500001, null)];

describe('pickTariffByIsee', () => {
  it.each([
    [0, 'low'],
    [500000, 'low'],
    [500001, 'middle'],
    [1500000, 'middle'],
    [1500001, 'full'],
    [9999999, 'full'],
  ])('ISEE %i cents → %s', (isee, name) => {
    expect(pickTariffByIsee(tariffs, isee)?.name).toBe(name);
  });

  it('gives the full tariff when no ISEE is declared', () => {
    expect(pickTariffByIsee(tariffs, null)?.name).toBe('full');
  });

  it('gives the only tariff when there are no bands', () => {
    const flat = [band('flat', 420, null, null)];
    expect(pickTariffByIsee(flat, null)?.name).toBe('flat');
    expect(pickTariffByIsee(flat, 123)?.name).toBe('flat');
  });

  it('is null when no band fits', () => {
    expect(pickTariffByIsee([band('low', 150, null, 500000)], null)).toBeNull();
    expect(pickTariffByIsee([band('low', 150, null, 500000)], 500001)).toBeNull();
    expect(pickTariffByIsee([], 0)).toBeNull();
  });
});

describe('priceWithSiblingReduction', () => {
  const meal = band('full', 455, null, null);

  it('charges the first child in full', () => {
    expect(priceWithSiblingReduction(meal, 1)).toBe(455);
  });

  it('reduces from the second child on, rounding the reduction half up', () => {
    // 30% of 4,55 € = 1,365 → 1,37; 4,55 − 1,37 = 3,18
    expect(priceWithSiblingReduction(meal, 2)).toBe(318);
    expect(priceWithSiblingReduction(meal, 3)).toBe(318);
    expect(priceWithSiblingReduction({ ...meal, siblingReductionPct: 10 }, 2)).toBe(409); // 45,5 → 46
  });

  it('handles no reduction and a full exemption', () => {
    expect(priceWithSiblingReduction({ ...meal, siblingReductionPct: 0 }, 2)).toBe(455);
    expect(priceWithSiblingReduction({ ...meal, siblingReductionPct: 100 }, 2)).toBe(0);
  });

  it('refuses a bad rank or percentage', () => {
    expect(() => priceWithSiblingReduction(meal, 0)).toThrow(RangeError);
    expect(() => priceWithSiblingReduction(meal, 1.5)).toThrow(RangeError);
    expect(() => priceWithSiblingReduction({ ...meal, siblingReductionPct: 120 }, 2)).toThrow(RangeError);
    expect(() => priceWithSiblingReduction({ ...meal, siblingReductionPct: -5 }, 2)).toThrow(RangeError);
  });
});
