export interface TopUpLimits {
  minCents: number;
  maxCents: number;
}

/** A Comune's own top-up limits where it set them, the installation's default (config) for the rest. */
export function topUpLimitsOf(tenant: { topUpMinCents: number | null; topUpMaxCents: number | null }, defaults: TopUpLimits): TopUpLimits {
  return { minCents: tenant.topUpMinCents ?? defaults.minCents, maxCents: tenant.topUpMaxCents ?? defaults.maxCents };
}
