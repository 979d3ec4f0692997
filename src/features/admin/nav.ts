import type { RequestHandler } from 'express';
import type { AccountRole } from '../../generated/prisma/enums.ts';

export interface StaffNavEntry {
  /** Under /:comune/, e.g. `admin/anagrafica`. */
  path: string;
  /** i18n key of the label; `<labelKey>Hint` is the line under it on the admin landing tiles. */
  labelKey: string;
  roles: readonly AccountRole[];
}

const OFFICE: readonly AccountRole[] = ['ADMIN', 'CLERK'];

/**
 * The one navigation of the staff pages, in menu order. A new admin area adds one line here
 * (ADMIN-only areas list just ['ADMIN']); the menu, the landing tiles and the role filter follow.
 */
export const STAFF_NAV: readonly StaffNavEntry[] = [
  { path: 'admin/anagrafica', labelKey: 'adminNav.registry', roles: OFFICE },
  { path: 'admin/iscrizioni', labelKey: 'adminNav.enrollments', roles: OFFICE },
  { path: 'admin/pratiche', labelKey: 'adminNav.applications', roles: OFFICE },
  { path: 'admin/tariffe', labelKey: 'adminNav.tariffs', roles: OFFICE },
  { path: 'admin/refezione', labelKey: 'adminNav.canteen', roles: OFFICE },
  { path: 'admin/pagamenti', labelKey: 'adminNav.payments', roles: OFFICE },
  { path: 'admin/fatturazione', labelKey: 'adminNav.billing', roles: OFFICE },
  { path: 'admin/documenti', labelKey: 'adminNav.invoices', roles: OFFICE },
  { path: 'admin/morosita', labelKey: 'adminNav.arrears', roles: OFFICE },
  { path: 'admin/addebiti', labelKey: 'adminNav.sdd', roles: OFFICE },
  { path: 'admin/certificazioni', labelKey: 'adminCertificates.nav', roles: OFFICE },
  { path: 'admin/importazioni', labelKey: 'adminNav.imports', roles: OFFICE },
  { path: 'admin/messaggi', labelKey: 'adminNav.inbox', roles: OFFICE },
  { path: 'admin/news', labelKey: 'adminNav.news', roles: OFFICE },
  { path: 'admin/audit', labelKey: 'adminNav.audit', roles: OFFICE },
  { path: 'admin/personale', labelKey: 'adminNav.staff', roles: ['ADMIN'] },
  { path: 'admin/impostazioni', labelKey: 'adminNav.settings', roles: ['ADMIN'] },
  { path: 'sportello', labelKey: 'adminNav.desk', roles: ['CASHIER', ...OFFICE] },
  { path: 'cucina', labelKey: 'adminNav.kitchen', roles: ['CATERER', ...OFFICE] },
];

export interface StaffNavItem {
  label: string;
  hint: string;
  href: string;
  active: boolean;
  qa: string;
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
    };
  });
}

/** Puts the staff navigation on every page of the router it is used in (the layout renders `nav`). */
export function withStaffNav(): RequestHandler {
  return (req, res, next) => {
    const { auth, tenant, t } = res.locals;
    res.locals.nav = staffNavFor(auth?.role ?? null, tenant.slug, req.originalUrl, t);
    next();
  };
}
