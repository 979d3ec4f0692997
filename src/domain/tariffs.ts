import { assertCents, percentOf } from './money.ts';

export interface TariffRule {
  unit: 'PER_MEAL' | 'PER_MONTH';
  amountCents: number;
  /** ISEE band, both ends included; null means open on that side. */
  iseeFromCents: number | null;
  iseeToCents: number | null;
  siblingReductionPct: number;
}

/**
 * The tariff whose ISEE band contains the family's ISEE. A family that declares no ISEE pays the
 * full tariff, the band with no upper limit. Bands are expected not to overlap; the first match wins.
 */
export function pickTariffByIsee<T extends TariffRule>(tariffs: T[], iseeCents: number | null): T | null {
  if (iseeCents === null) return tariffs.find((t) => t.iseeToCents === null) ?? null;
  return (
    tariffs.find(
      (t) => (t.iseeFromCents === null || t.iseeFromCents <= iseeCents) && (t.iseeToCents === null || iseeCents <= t.iseeToCents),
    ) ?? null
  );
}

/** Rank 1 is the first child, at full price; from the second on the reduction (rounded half up) applies. */
export function priceWithSiblingReduction(tariff: TariffRule, siblingRank: number): number {
  assertCents(tariff.amountCents);
  if (!Number.isInteger(siblingRank) || siblingRank < 1) {
    throw new RangeError(`Not a sibling rank: ${siblingRank}`);
  }
  if (!(tariff.siblingReductionPct >= 0 && tariff.siblingReductionPct <= 100)) {
    throw new RangeError(`Not a reduction percentage: ${tariff.siblingReductionPct}`);
  }
  if (siblingRank === 1) return tariff.amountCents;
  return tariff.amountCents - percentOf(tariff.amountCents, tariff.siblingReductionPct);
}
