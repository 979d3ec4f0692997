import type { Response } from 'express';
import type { Crumb } from '../../web/breadcrumb.ts';

/** "Area amministrativa / …" for the back-office pages. */
export function adminCrumbs(res: Response, ...trail: (string | Crumb)[]): Crumb[] {
  return [
    { label: res.locals.t('adminArea.title'), href: `/${res.locals.tenant.slug}/admin` },
    ...trail.map((item) => (typeof item === 'string' ? { label: item } : item)),
  ];
}

/** A back-office page under /:comune/admin/<path>. */
export function adminPath(res: Response, path: string): string {
  return `/${res.locals.tenant.slug}/admin/${path}`;
}
