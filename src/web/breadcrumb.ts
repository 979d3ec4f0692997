import type { Tenant } from '../generated/prisma/client.ts';

export interface Crumb {
  label: string;
  href?: string;
  /** i18n key the layout shows instead of `label`, for the crumbs every page shares */
  labelKey?: string;
}

/** "Servizi online / Cittadini / Servizi scolastici / …" as in the guides. */
export function schoolServicesCrumbs(tenant: Pick<Tenant, 'slug'>, ...trail: (string | Crumb)[]): Crumb[] {
  const base = `/${tenant.slug}/`;
  return [
    { label: 'Servizi online', labelKey: 'frame.home', href: base },
    { label: 'Cittadini', labelKey: 'frame.citizens', href: base },
    { label: 'Servizi scolastici', labelKey: 'frame.schoolServices', href: base },
    ...trail.map((item) => (typeof item === 'string' ? { label: item } : item)),
  ];
}
