import type { Response } from 'express';
import type { Crumb } from '../../../web/breadcrumb.ts';

/** "Area amministrativa / Refezione / …" for every back-office canteen page. */
export function canteenCrumbs(res: Response, ...trail: (string | Crumb)[]): Crumb[] {
  const base = `/${res.locals.tenant.slug}/admin`;
  return [
    { label: res.locals.t('adminCanteen.adminArea'), href: base },
    { label: res.locals.t('adminCanteen.title'), href: `${base}/refezione` },
    ...trail.map((item) => (typeof item === 'string' ? { label: item } : item)),
  ];
}

/** Where the pages of one school live. */
export function schoolPath(res: Response, schoolId: string, page: 'calendario' | 'menu' | 'presenze'): string {
  return `/${res.locals.tenant.slug}/admin/refezione/scuole/${schoolId}/${page}`;
}

/** A school in the trail links to its calendar, the first page of a school. */
export function schoolCrumb(res: Response, school: { id: string; name: string }): Crumb {
  return { label: school.name, href: schoolPath(res, school.id, 'calendario') };
}
