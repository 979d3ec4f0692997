import type { Response } from 'express';
import { schoolServicesCrumbs, type Crumb } from '../../web/breadcrumb.ts';
import { parentNav, type ParentSection } from './nav.ts';

/** What every page of the parent area hands the frame: title, menu and "Servizi online / … / <title>" trail. */
export function parentFrame(res: Response, section: ParentSection, title: string, ...trail: (string | Crumb)[]) {
  const tenant = res.locals.tenant;
  return {
    title,
    nav: parentNav(tenant, section, res.locals.t, res.locals.auth),
    breadcrumb: schoolServicesCrumbs(tenant, ...(trail.length ? trail : [title])),
  };
}

/** The page number of a list (?pagina=), 1 when missing or nonsense. */
export function pageNumber(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,5}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

export interface Paged<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

/** Skip/take for a page; the page is clamped to the last one so a stale link still shows something. */
export function pageWindow(total: number, requested: number, size: number) {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(requested, pages);
  return { page, pages, skip: (page - 1) * size, take: size };
}
