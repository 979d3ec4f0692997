import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import type { Translate } from '../../web/i18n.ts';
import { groupedNav, type NavEntry } from '../../web/nav.ts';

export type ParentSection =
  | 'home'
  | 'registry'
  | 'delegates'
  | 'canteen'
  | 'absences'
  | 'invoices'
  | 'wallet'
  | 'payments'
  | 'topups'
  | 'applications'
  | 'news'
  | 'notifications'
  | 'messages'
  | 'support'
  | 'faq';

type ParentGroup = 'family' | 'canteen' | 'payments' | 'contacts';

/**
 * The parent area's menu, in order, after the Designers Italia "Modello Comuni" personal area: a few groups so it
 * fits one line at 1280 px. A new parent page adds one line here (label under `frame.nav.<key>`).
 */
const SECTIONS: { key: ParentSection; path: string; group?: ParentGroup; prepaidOnly?: boolean; holderOnly?: boolean }[] = [
  { key: 'home', path: 'home' },
  { key: 'registry', path: 'anagrafica', group: 'family' },
  { key: 'delegates', path: 'anagrafica/delegati', group: 'family', holderOnly: true },
  { key: 'canteen', path: 'refezione', group: 'canteen' },
  { key: 'absences', path: 'assenze', group: 'canteen' },
  { key: 'payments', path: 'pagamenti', group: 'payments' },
  { key: 'invoices', path: 'documenti', group: 'payments' },
  { key: 'wallet', path: 'conto', group: 'payments', prepaidOnly: true },
  { key: 'topups', path: 'ricariche', group: 'payments', prepaidOnly: true },
  { key: 'applications', path: 'pratiche', group: 'family' },
  { key: 'news', path: 'news', group: 'contacts' },
  { key: 'notifications', path: 'comunicazioni', group: 'contacts' },
  { key: 'messages', path: 'messaggi', group: 'contacts' },
  { key: 'support', path: 'contatti', group: 'contacts' },
  { key: 'faq', path: 'faq', group: 'contacts' },
];

/**
 * The parent area's main menu (the layout renders `nav`); post-paid Comuni have no wallet pages, and only the account
 * holder (not a delegate) manages delegates.
 */
export function parentNav(
  tenant: Pick<Tenant, 'slug' | 'billingMode'>,
  active: ParentSection,
  t: Translate,
  auth: Pick<SessionAuth, 'ownGuardianId'> | undefined,
): NavEntry[] {
  const shown = (section: (typeof SECTIONS)[number]) =>
    (!section.prepaidOnly || tenant.billingMode === 'PREPAID') && (!section.holderOnly || !!auth?.ownGuardianId);
  return groupedNav(
    SECTIONS.filter(shown).map((section) => ({
      label: t(`frame.nav.${section.key}`),
      href: `/${tenant.slug}/${section.path}`,
      active: section.key === active,
      qa: `nav-${section.key}`,
      group: section.group && { key: section.group, label: t(`frame.navGroups.${section.group}`) },
    })),
  );
}
