import { z } from 'zod';
import { NotFoundError } from '../../web/errors.ts';
import { pageWindow } from '../family/page.ts';

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
