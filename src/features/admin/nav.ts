import type { RequestHandler } from 'express';
import type { AccountRole } from '../../generated/prisma/enums.ts';
import { groupedNav, type NavEntry } from '../../web/nav.ts';

/** The staff menu's groups (labels under `adminNav.groups.<key>`), so the header fits one line at 1280 px. */
type StaffGroup = 'people' | 'canteen' | 'money' | 'contacts' | 'office';

export interface StaffNavEntry {
  /** Under /:comune/, e.g. `admin/anagrafica`. */
  path: string;
  /** i18n key of the label; `<labelKey>Hint` is the line under it on the admin landing tiles. */
  labelKey: string;
  roles: readonly AccountRole[];
  /** where the header's menu lists it; desk and kitchen stand alone */
  group?: StaffGroup;
}

const OFFICE: readonly AccountRole[] = ['ADMIN', 'CLERK'];

/**
 * The one navigation of the staff pages, in menu order. A new admin area adds one line here
 * (ADMIN-only areas list just ['ADMIN']); the menu, the landing tiles and the role filter follow.
 */
export const STAFF_NAV: readonly StaffNavEntry[] = [
  { path: 'admin/anagrafica', labelKey: 'adminNav.registry', roles: OFFICE, group: 'people' },
  { path: 'admin/iscrizioni', labelKey: 'adminNav.enrollments', roles: OFFICE, group: 'people' },
  { path: 'admin/pratiche', labelKey: 'adminNav.applications', roles: OFFICE, group: 'people' },
  { path: 'admin/tariffe', labelKey: 'adminNav.tariffs', roles: OFFICE, group: 'canteen' },
  { path: 'admin/refezione', labelKey: 'adminNav.canteen', roles: OFFICE, group: 'canteen' },
  { path: 'admin/pagamenti', labelKey: 'adminNav.payments', roles: OFFICE, group: 'money' },
  { path: 'admin/fatturazione', labelKey: 'adminNav.billing', roles: OFFICE, group: 'money' },
  { path: 'admin/documenti', labelKey: 'adminNav.invoices', roles: OFFICE, group: 'money' },
  { path: 'admin/morosita', labelKey: 'adminNav.arrears', roles: OFFICE, group: 'money' },
  { path: 'admin/addebiti', labelKey: 'adminNav.sdd', roles: OFFICE, group: 'money' },
  { path: 'admin/certificazioni', labelKey: 'adminCertificates.nav', roles: OFFICE, group: 'money' },
  { path: 'admin/importazioni', labelKey: 'adminNav.imports', roles: OFFICE, group: 'office' },
  { path: 'admin/messaggi', labelKey: 'adminNav.inbox', roles: OFFICE, group: 'contacts' },
  { path: 'admin/news', labelKey: 'adminNav.news', roles: OFFICE, group: 'contacts' },
  { path: 'admin/audit', labelKey: 'adminNav.audit', roles: OFFICE, group: 'office' },
  { path: 'admin/personale', labelKey: 'adminNav.staff', roles: ['ADMIN'], group: 'office' },
  { path: 'admin/impostazioni', labelKey: 'adminNav.settings', roles: ['ADMIN'], group: 'office' },
  { path: 'sportello', labelKey: 'adminNav.desk', roles: ['CASHIER', ...OFFICE] },
  { path: 'cucina', labelKey: 'adminNav.kitchen', roles: ['CATERER', ...OFFICE] },
];

export interface StaffNavItem {
  label: string;
  hint: string;
  href: string;
  active: boolean;
  qa: string;
  group?: StaffGroup;
}

/** The entries this role may open, with the one the current page belongs to marked active. */
export function staffNavFor(role: AccountRole | null, slug: string, currentPath: string, t: (key: string) => string): StaffNavItem[] {
  return STAFF_NAV.filter((entry) => role !== null && entry.roles.includes(role)).map((entry) => {
    const href = `/${slug}/${entry.path}`;
    return {
      label: t(entry.labelKey),
      hint: t(`${entry.labelKey}Hint`),
      href,
      active: currentPath === href || currentPath.startsWith(`${href}/`) || currentPath.startsWith(`${href}?`),
      qa: `nav-${entry.path.replace(/\//g, '-')}`,
      group: entry.group,
    };
  });
}

/** The header's staff menu: the role's entries in their groups. */
export function staffMenu(items: StaffNavItem[], t: (key: string) => string): NavEntry[] {
  return groupedNav(
    items.map(({ label, href, active, qa, group }) => ({
      label,
      href,
      active,
      qa,
      group: group && { key: group, label: t(`adminNav.groups.${group}`) },
    })),
  );
}

/** Puts the staff navigation on every page of the router it is used in (the layout renders `nav`). */
export function withStaffNav(): RequestHandler {
  return (req, res, next) => {
    const { auth, tenant, t } = res.locals;
    res.locals.nav = staffMenu(staffNavFor(auth?.role ?? null, tenant.slug, req.originalUrl, t), t);
    next();
  };
}
