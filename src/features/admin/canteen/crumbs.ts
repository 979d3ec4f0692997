import type { Response } from 'express';
import type { Crumb } from '../../../web/breadcrumb.ts';
import { areaCrumbs } from '../area-crumbs.ts';

/** "Area amministrativa / Refezione / …" for every back-office canteen page. */
export function canteenCrumbs(res: Response, ...trail: (string | Crumb)[]): Crumb[] {
  return areaCrumbs(res, { label: res.locals.t('adminCanteen.title'), path: '/refezione' }, ...trail);
}

/** Where the pages of one school live. */
export function schoolPath(res: Response, schoolId: string, page: 'calendario' | 'menu' | 'presenze'): string {
  return `/${res.locals.tenant.slug}/admin/refezione/scuole/${schoolId}/${page}`;
}

/** A school in the trail links to its calendar, the first page of a school. */
export function schoolCrumb(res: Response, school: { id: string; name: string }): Crumb {
  return { label: school.name, href: schoolPath(res, school.id, 'calendario') };
}
