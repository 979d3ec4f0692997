import { describe, expect, it } from 'vitest';
import {
  bandForIsee,
  priceOfUnit,
  reductionForRank,
  siblingRankOn,
  versionsOn,
  type FamilyChild,
  type PriceInput,
  type TariffVersion,
} from '../../src/domain/tariffs.ts';

let ids = 0;
const band = (
  code: string,
  amountCents: number,
  iseeFromCents: number | null,
  iseeToCents: number | null,
  more: Partial<TariffVersion> = {},
): TariffVersion => ({
  id: `t${++ids}`,
  code,
  description: code,
  unit: 'PER_MEAL',
  amountCents,
  iseeFromCents,
  iseeToCents,
  siblingReductionPct: 30,
  laterSiblingReductionPct: 100,
  validFrom: '2026-09-01',
  ...more,
});

// Fasce ISEE: fino a 5.000 €, 5.000,01–15.000 €, oltre 15.000 € (tariffa piena); 2° figlio −30%, dal 3° gratis.
const table = [band('low', 150, null, 500000), band('middle', 350, 500001, 1500000), band('full', 500, 1500001, null)];

const span = (startsOn = '2026-09-14', endsOn: string | null = null) => ({ state: 'ACTIVE' as const, startsOn, endsOn });
const child = (studentId: string, birthDate: string, enrollment = span()): FamilyChild => ({ studentId, birthDate, enrollment });

function input(overrides: Partial<PriceInput> & { iseeCents?: number | null; exemptionReason?: string | null } = {}): PriceInput {
  const { iseeCents = null, exemptionReason = null, ...rest } = overrides;
  return {
    day: '2026-11-16',
    studentId: 'anna',
    enrollment: { ...span(), iseeCents, exemptionReason },
    family: [child('anna', '2016-03-01')],
    tariffs: table,
    ...rest,
  };
}

function price(overrides: Parameters<typeof input>[0] = {}) {
  const result = priceOfUnit(input(overrides));
  if (!result.ok) throw new Error(`refused: ${result.refusal}`);
  return result;
}

describe('bandForIsee', () => {
  it.each([
    [0, 'low'],
    [500000, 'low'],
    [500001, 'middle'],
    [1500000, 'middle'],
    [1500001, 'full'],
    [9999999, 'full'],
  ])('ISEE %i cents → %s (both ends of a band included)', (isee, code) => {
    expect(bandForIsee(table, isee)?.code).toBe(code);
  });

  it('gives the band with no upper limit when no ISEE is declared', () => {
    expect(bandForIsee(table, null)?.code).toBe('full');
  });

  it('reads the bands from the lowest whatever their order', () => {
    expect(bandForIsee([...table].reverse(), 500000)?.code).toBe('low');
  });

  it('is null when no band fits', () => {
    expect(bandForIsee([band('low', 150, null, 500000)], null)).toBeNull();
    expect(bandForIsee([band('low', 150, null, 500000)], 500001)).toBeNull();
    expect(bandForIsee([], 0)).toBeNull();
  });
});

describe('versionsOn', () => {
  const v1 = band('full', 500, null, null, { validFrom: '2026-09-01' });
  const v2 = band('full', 520, null, null, { validFrom: '2027-01-15' });
  it('takes for each band the latest version that has started', () => {
    expect(versionsOn([v2, v1], '2027-01-14')).toEqual([v1]);
    expect(versionsOn([v1, v2], '2027-01-15')).toEqual([v2]);
    expect(versionsOn([v1, v2], '2026-08-31')).toEqual([]);
  });
});

describe('siblingRankOn: oldest enrolled child first', () => {
  const family = [child('carlo', '2019-05-02'), child('anna', '2016-03-01'), child('bea', '2017-10-20')];
  it('orders by date of birth, oldest first', () => {
    expect(siblingRankOn('2026-11-16', 'anna', family)).toBe(1);
    expect(siblingRankOn('2026-11-16', 'bea', family)).toBe(2);
    expect(siblingRankOn('2026-11-16', 'carlo', family)).toBe(3);
  });

  it('orders twins by student id, the same every day', () => {
    const twins = [child('b-twin', '2018-01-01'), child('a-twin', '2018-01-01')];
    expect(siblingRankOn('2026-11-16', 'a-twin', twins)).toBe(1);
    expect(siblingRankOn('2026-11-16', 'b-twin', twins)).toBe(2);
  });

  it('stops counting a sibling after their last day, and before their first', () => {
    const leaving = [child('anna', '2016-03-01', span('2026-09-14', '2027-01-31')), child('bea', '2017-10-20')];
    expect(siblingRankOn('2027-01-31', 'bea', leaving)).toBe(2);
    expect(siblingRankOn('2027-02-01', 'bea', leaving)).toBe(1);
    const arriving = [child('anna', '2016-03-01', span('2027-02-01')), child('bea', '2017-10-20')];
    expect(siblingRankOn('2027-01-29', 'bea', arriving)).toBe(1);
    expect(siblingRankOn('2027-02-01', 'bea', arriving)).toBe(2);
  });
});

describe('reductionForRank', () => {
  it('is none for the first child, the second child’s, then the later children’s', () => {
    const t = band('x', 500, null, null, { siblingReductionPct: 30, laterSiblingReductionPct: 100 });
    expect([1, 2, 3, 4].map((rank) => reductionForRank(t, rank))).toEqual([0, 30, 100, 100]);
    expect(reductionForRank({ ...t, laterSiblingReductionPct: null }, 3)).toBe(30);
  });

  it('refuses a bad rank or percentage', () => {
    const t = band('x', 500, null, null);
    expect(() => reductionForRank(t, 0)).toThrow(RangeError);
    expect(() => reductionForRank(t, 1.5)).toThrow(RangeError);
    expect(() => reductionForRank({ ...t, siblingReductionPct: 120 }, 2)).toThrow(RangeError);
    expect(() => reductionForRank({ ...t, siblingReductionPct: -5 }, 2)).toThrow(RangeError);
  });
});

describe('priceOfUnit', () => {
  it('charges an only child the band of the family ISEE, and says why', () => {
    const result = price({ iseeCents: 800000 });
    expect(result).toMatchObject({
      cents: 350,
      fullCents: 350,
      unit: 'PER_MEAL',
      siblingRank: 1,
      reductionPct: 0,
      exemption: null,
      iseeDeclared: true,
    });
    expect(result.tariff).toMatchObject({ code: 'middle', validFrom: '2026-09-01', iseeFromCents: 500001, iseeToCents: 1500000 });
  });

  it('charges the full tariff when no ISEE is declared', () => {
    expect(price()).toMatchObject({ cents: 500, iseeDeclared: false, tariff: { code: 'full' } });
  });

  it('prices the band edges on the right side', () => {
    expect(price({ iseeCents: 500000 }).cents).toBe(150);
    expect(price({ iseeCents: 500001 }).cents).toBe(350);
    expect(price({ iseeCents: 1500000 }).cents).toBe(350);
    expect(price({ iseeCents: 1500001 }).cents).toBe(500);
  });

  it('reduces the second child, rounding the reduction half up, and makes the third free', () => {
    const family = [child('anna', '2016-03-01'), child('bea', '2017-10-20'), child('carlo', '2019-05-02')];
    const full = band('full', 455, null, null, { siblingReductionPct: 30, laterSiblingReductionPct: 100 });
    // 30% of 4,55 € = 1,365 → 1,37; 4,55 − 1,37 = 3,18
    expect(price({ studentId: 'bea', family, tariffs: [full] })).toMatchObject({ cents: 318, siblingRank: 2, reductionPct: 30 });
    expect(price({ studentId: 'carlo', family, tariffs: [full] })).toMatchObject({ cents: 0, siblingRank: 3, reductionPct: 100 });
    expect(price({ studentId: 'anna', family, tariffs: [full] })).toMatchObject({ cents: 455, siblingRank: 1 });
  });

  it('gives the second child the full price from the day after the older sibling leaves mid-year', () => {
    const family = [child('anna', '2016-03-01', span('2026-09-14', '2027-01-31')), child('bea', '2017-10-20')];
    expect(price({ studentId: 'bea', family, day: '2027-01-29' })).toMatchObject({ cents: 350, siblingRank: 2 });
    expect(price({ studentId: 'bea', family, day: '2027-02-01' })).toMatchObject({ cents: 500, siblingRank: 1 });
  });

  it('follows a version change in the middle of a month', () => {
    const tariffs = [...table, band('full', 540, 1500001, null, { validFrom: '2027-01-15', siblingReductionPct: 25 })];
    expect(price({ tariffs, day: '2027-01-14' })).toMatchObject({ cents: 500, tariff: { validFrom: '2026-09-01' } });
    expect(price({ tariffs, day: '2027-01-15' })).toMatchObject({ cents: 540, tariff: { validFrom: '2027-01-15' } });
    // the bands without a new version keep theirs
    expect(price({ tariffs, day: '2027-01-15', iseeCents: 100 })).toMatchObject({ cents: 150, tariff: { validFrom: '2026-09-01' } });
  });

  it('charges nothing to an exempt child, and says so', () => {
    expect(price({ exemptionReason: 'Servizi sociali' })).toMatchObject({ cents: 0, fullCents: 500, exemption: 'Servizi sociali' });
    expect(price({ exemptionReason: '   ' })).toMatchObject({ cents: 500, exemption: null });
  });

  it('gives the unit of the band (a monthly fee is priced per month)', () => {
    expect(price({ tariffs: [band('flat', 3000, null, null, { unit: 'PER_MONTH' })] })).toMatchObject({ cents: 3000, unit: 'PER_MONTH' });
  });

  it('refuses a day the child is not enrolled, a day before the first version, and an ISEE no band covers', () => {
    expect(priceOfUnit(input({ day: '2026-09-13' }))).toEqual({ ok: false, refusal: 'NOT_ENROLLED' });
    expect(priceOfUnit(input({ tariffs: [band('full', 500, null, null, { validFrom: '2026-12-01' })] }))).toEqual({
      ok: false,
      refusal: 'NO_VERSION',
    });
    expect(priceOfUnit(input({ tariffs: [band('low', 150, null, 500000)] }))).toEqual({ ok: false, refusal: 'NO_BAND' });
  });
});
