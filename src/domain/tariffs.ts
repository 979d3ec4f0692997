// The price of one unit of a service (a meal, a month, a year) for one child on one day. This is the only place
// that prices: the day close, the billing runs, the parent pages and the back office's simulator all call
// priceOfUnit, so the same child never gets two prices for the same day.
import type { IsoDate } from './dates.ts';
import { isEnrolledOn, type EnrollmentSpan } from './meal-day.ts';
import { assertCents, percentOf } from './money.ts';

export type TariffUnit = 'PER_MEAL' | 'PER_MONTH' | 'PER_YEAR';

/** One ISEE band of a tariff table in one version: band `code` costs this from `validFrom` to its next version. */
export interface TariffVersion {
  id: string;
  code: string;
  description: string;
  unit: TariffUnit;
  amountCents: number;
  /** ISEE band, both ends included; null means open on that side. */
  iseeFromCents: number | null;
  iseeToCents: number | null;
  /** reduction for the second child, percent */
  siblingReductionPct: number;
  /** reduction from the third child on, percent (100 = free); null = as the second */
  laterSiblingReductionPct: number | null;
  validFrom: IsoDate;
}

/** A child of the family with their enrollment in the same service (the priced child is one of them). */
export interface FamilyChild {
  studentId: string;
  birthDate: IsoDate;
  enrollment: EnrollmentSpan;
}

export interface PriceInput {
  day: IsoDate;
  studentId: string;
  enrollment: EnrollmentSpan & { iseeCents: number | null; exemptionReason: string | null };
  /** every child of the family (same intestatario) enrolled in the service that school year */
  family: readonly FamilyChild[];
  /** every version of every band of the service's table for that school year */
  tariffs: readonly TariffVersion[];
}

export type PriceRefusal = 'NOT_ENROLLED' | 'NO_VERSION' | 'NO_BAND';

export type UnitPrice =
  | {
      ok: true;
      cents: number;
      unit: TariffUnit;
      /** the band's amount before any reduction */
      fullCents: number;
      tariff: Pick<TariffVersion, 'id' | 'code' | 'description' | 'validFrom' | 'iseeFromCents' | 'iseeToCents'>;
      /** 1 = the oldest enrolled child of the family that day (full price) */
      siblingRank: number;
      reductionPct: number;
      exemption: string | null;
      iseeDeclared: boolean;
    }
  | { ok: false; refusal: PriceRefusal };

/**
 * The sibling order, a rule of the Comune stated here once: among the family's children enrolled in the same
 * service on that day, the oldest (earliest date of birth) is the first child and pays in full; the next are
 * the second, third… Twins born the same day are ordered by student id, so the order never changes between
 * days. A child who leaves (withdrawal, end of the enrollment) stops counting from the day after their last
 * day, so a younger sibling may move up and pay more from then on.
 */
export function siblingRankOn(day: IsoDate, studentId: string, family: readonly FamilyChild[]): number {
  const enrolled = family
    .filter((child) => child.studentId === studentId || isEnrolledOn(child.enrollment, day))
    .sort((a, b) => (a.birthDate === b.birthDate ? a.studentId.localeCompare(b.studentId) : a.birthDate < b.birthDate ? -1 : 1));
  return enrolled.findIndex((child) => child.studentId === studentId) + 1;
}

/** Each band's version valid on `day`: for each code, the one with the latest validFrom not after the day. */
export function versionsOn<T extends Pick<TariffVersion, 'code' | 'validFrom'>>(tariffs: readonly T[], day: IsoDate): T[] {
  const current = new Map<string, T>();
  for (const tariff of tariffs) {
    if (tariff.validFrom > day) continue;
    const seen = current.get(tariff.code);
    if (!seen || seen.validFrom < tariff.validFrom) current.set(tariff.code, tariff);
  }
  return [...current.values()];
}

/**
 * The band whose ISEE range contains the family's ISEE. A family that declares no ISEE pays the full
 * tariff, the band with no upper limit. Bands are checked from the lowest; the first match wins.
 */
export function bandForIsee<T extends Pick<TariffVersion, 'iseeFromCents' | 'iseeToCents'>>(
  bands: readonly T[],
  iseeCents: number | null,
): T | null {
  if (iseeCents === null) return bands.find((band) => band.iseeToCents === null) ?? null;
  const lowestFirst = [...bands].sort((a, b) => (a.iseeFromCents ?? -1) - (b.iseeFromCents ?? -1));
  return (
    lowestFirst.find(
      (band) =>
        (band.iseeFromCents === null || band.iseeFromCents <= iseeCents) && (band.iseeToCents === null || iseeCents <= band.iseeToCents),
    ) ?? null
  );
}

/** The reduction of the n-th child: none for the first, the second's, then the later children's. */
export function reductionForRank(tariff: Pick<TariffVersion, 'siblingReductionPct' | 'laterSiblingReductionPct'>, rank: number): number {
  if (!Number.isInteger(rank) || rank < 1) throw new RangeError(`Not a sibling rank: ${rank}`);
  const pct = rank === 1 ? 0 : rank === 2 ? tariff.siblingReductionPct : (tariff.laterSiblingReductionPct ?? tariff.siblingReductionPct);
  if (!(Number.isInteger(pct) && pct >= 0 && pct <= 100)) throw new RangeError(`Not a reduction percentage: ${pct}`);
  return pct;
}

/** The price of one unit for the child on the day, and why: band, version, sibling reduction, exemption. */
export function priceOfUnit(input: PriceInput): UnitPrice {
  const { day, enrollment } = input;
  if (!isEnrolledOn(enrollment, day)) return { ok: false, refusal: 'NOT_ENROLLED' };
  const versions = versionsOn(input.tariffs, day);
  if (versions.length === 0) return { ok: false, refusal: 'NO_VERSION' };
  const band = bandForIsee(versions, enrollment.iseeCents);
  if (!band) return { ok: false, refusal: 'NO_BAND' };
  assertCents(band.amountCents);
  const siblingRank = siblingRankOn(day, input.studentId, input.family);
  const reductionPct = reductionForRank(band, siblingRank);
  const exemption = enrollment.exemptionReason?.trim() || null;
  const cents = exemption ? 0 : band.amountCents - percentOf(band.amountCents, reductionPct);
  return {
    ok: true,
    cents,
    unit: band.unit,
    fullCents: band.amountCents,
    tariff: {
      id: band.id,
      code: band.code,
      description: band.description,
      validFrom: band.validFrom,
      iseeFromCents: band.iseeFromCents,
      iseeToCents: band.iseeToCents,
    },
    siblingRank,
    reductionPct: exemption ? 0 : reductionPct,
    exemption,
    iseeDeclared: enrollment.iseeCents !== null,
  };
}
