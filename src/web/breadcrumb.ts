import type { Tenant } from '../generated/prisma/client.ts';

export interface Crumb {
  label: string;
  href?: string;
}

/** "Servizi online / Cittadini / Servizi scolastici / …" as in the guides. */
export function schoolServicesCrumbs(tenant: Pick<Tenant, 'slug'>, ...trail: (string | Crumb)[]): Crumb[] {
  const base = `/${tenant.slug}/`;
  return [
    { label: 'Servizi online', href: base },
    { label: 'Cittadini', href: base },
    { label: 'Servizi scolastici', href: base },
    ...trail.map((item) => (typeof item === 'string' ? { label: item } : item)),
  ];
}
