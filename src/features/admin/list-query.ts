// The query string of a back-office list: a search text, a sort among the columns the list allows, a page.
import { NotFoundError } from '../../web/errors.ts';
import { fieldText } from '../../web/forms.ts';
import { isSchoolYear } from '../../domain/school-year.ts';
import { pageNumber, pageWindow } from '../family/page.ts';
import { z } from 'zod';

export interface ListQuery<S extends string> {
  /** the search as typed, trimmed (at most 100 characters) */
  q: string;
  sort: S;
  dir: 'asc' | 'desc';
  page: number;
}

/** ?q=&ordina=&verso=&pagina= read leniently: anything unknown falls back to the default, never an error. */
export function listQuery<S extends string>(query: unknown, sorts: readonly S[], defaultSort: S): ListQuery<S> {
  const raw = (query ?? {}) as Record<string, unknown>;
  const sort = fieldText(raw.ordina) as S;
  return {
    q: fieldText(raw.q).trim().slice(0, 100),
    sort: sorts.includes(sort) ? sort : defaultSort,
    dir: fieldText(raw.verso) === 'desc' ? 'desc' : 'asc',
    page: pageNumber(raw.pagina),
  };
}

/** The link of the same list with some parameters changed (the page goes back to 1 unless given). */
export function listHref(
  base: string,
  list: ListQuery<string>,
  extra: Record<string, string> = {},
  change: Record<string, string | number> = {},
): string {
  const params = new URLSearchParams({ ...extra, q: list.q, ordina: list.sort, verso: list.dir, pagina: '1' });
  for (const [key, value] of Object.entries(change)) params.set(key, String(value));
  for (const [key, value] of [...params.entries()]) if (value === '') params.delete(key);
  return `${base}?${params.toString()}`;
}

/** ?anno=2026/2027 when it is a school year, else the fallback. */
export function schoolYearParam(value: unknown, fallback: string): string {
  return typeof value === 'string' && isSchoolYear(value) ? value : fallback;
}

/** ?q=&ordina=&pagina= of a back-office list; nonsense falls back to the defaults instead of failing. */
export function listQuerySchema<const S extends readonly [string, ...string[]]>(sorts: S) {
  return z.object({
    q: z.string().trim().max(100).catch(''),
    ordina: z.enum(sorts).catch(sorts[0]),
    pagina: z.coerce.number().int().min(1).max(99_999).catch(1),
  });
}

/** A list's links keep its filters: `hrefFor({ pagina: 2 })` changes one and keeps the rest. */
export function listLinks(basePath: string, current: Record<string, string | number | undefined>) {
  return (changes: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...current, ...changes })) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const query = params.toString();
    return query ? `${basePath}?${query}` : basePath;
  };
}

export const ADMIN_PAGE_SIZE = 25;

/** Counts, clamps the page and fetches it: the one way a back-office list pages. */
export async function pagedList<T>(
  requestedPage: number,
  count: () => Promise<number>,
  fetch: (window: { skip: number; take: number }) => Promise<T[]>,
  size = ADMIN_PAGE_SIZE,
) {
  const total = await count();
  const window = pageWindow(total, requestedPage, size);
  return { items: await fetch({ skip: window.skip, take: window.take }), total, page: window.page, pages: window.pages };
}

/** Case-insensitive "contains" on a text column. */
export function contains(q: string) {
  return { contains: q, mode: 'insensitive' as const };
}

/** A record id from the URL; anything that is not a UUID is a 404 like a foreign id. */
export function assertRecordId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !z.uuid().safeParse(id).success) throw new NotFoundError();
}
