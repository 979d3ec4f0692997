// The query string of a back-office list: a search text, a sort among the columns the list allows, a page.
import { pageNumber } from '../family/page.ts';
import { isSchoolYear } from '../../domain/school-year.ts';
import { fieldText } from '../../web/forms.ts';

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
