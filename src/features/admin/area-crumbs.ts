import type { Response } from 'express';
import type { Crumb } from '../../web/breadcrumb.ts';

/** "Area amministrativa / <area> / …" for the pages of one back-office area. */
export function areaCrumbs(res: Response, area: { label: string; path: string }, ...trail: (string | Crumb)[]): Crumb[] {
  const base = `/${res.locals.tenant.slug}/admin`;
  return [
    { label: res.locals.t('adminCanteen.adminArea'), href: base },
    { label: area.label, href: `${base}${area.path}` },
    ...trail.map((item) => (typeof item === 'string' ? { label: item } : item)),
  ];
}
