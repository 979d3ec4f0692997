import type { Response } from 'express';
import type { Crumb } from '../../web/breadcrumb.ts';
import { adminCrumbs } from './admin-crumbs.ts';

/** "Area amministrativa / <area> / …" for the pages of one back-office area. */
export function areaCrumbs(res: Response, area: { label: string; path: string }, ...trail: (string | Crumb)[]): Crumb[] {
  return adminCrumbs(res, { label: area.label, href: `/${res.locals.tenant.slug}/admin${area.path}` }, ...trail);
}
