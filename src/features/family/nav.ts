import type { Tenant } from '../../generated/prisma/client.ts';

export type ParentSection =
  | 'home'
  | 'registry'
  | 'canteen'
  | 'absences'
  | 'invoices'
  | 'wallet'
  | 'payments'
  | 'topups'
  | 'applications'
  | 'news'
  | 'notifications'
  | 'support';

const SECTIONS: { key: ParentSection; label: string; path: string; prepaidOnly?: boolean }[] = [
  { key: 'home', label: 'Home', path: 'home' },
  { key: 'registry', label: 'Anagrafica', path: 'anagrafica' },
  { key: 'canteen', label: 'Refezione', path: 'refezione' },
  { key: 'absences', label: 'Assenze', path: 'assenze' },
  { key: 'invoices', label: 'Documenti contabili', path: 'documenti' },
  { key: 'wallet', label: 'Conto virtuale', path: 'conto', prepaidOnly: true },
  { key: 'payments', label: 'Pagamenti', path: 'pagamenti' },
  { key: 'topups', label: 'Ricariche', path: 'ricariche', prepaidOnly: true },
  { key: 'applications', label: 'Pratiche', path: 'pratiche' },
  { key: 'news', label: 'News', path: 'news' },
  { key: 'notifications', label: 'Comunicazioni', path: 'comunicazioni' },
  { key: 'support', label: 'Contattaci', path: 'contatti' },
];

/** The parent area's main menu (the frame renders `nav`); post-paid Comuni have no wallet pages. */
export function parentNav(tenant: Pick<Tenant, 'slug' | 'billingMode'>, active: ParentSection) {
  return SECTIONS.filter((section) => !section.prepaidOnly || tenant.billingMode === 'PREPAID').map((section) => ({
    label: section.label,
    href: `/${tenant.slug}/${section.path}`,
    active: section.key === active,
  }));
}
