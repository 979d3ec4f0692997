import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import type { News, Prisma, School } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { pageWindow } from '../family/page.ts';
import { familyStudents } from '../family/scope.ts';

const PAGE_SIZE = 10;

/** The schools the family's children attend, by id: the only ones whose news the family sees. */
async function familySchools(db: Db, auth: SessionAuth): Promise<Map<string, School>> {
  return new Map((await familyStudents(db, auth)).map((s) => [s.schoolId, s.school]));
}

/** Each item with its school (null: news of the whole Comune), taken from the family's read instead of another query. */
async function withSchools<T extends News>(db: Db, auth: SessionAuth, items: T[]): Promise<(T & { school: School | null })[]> {
  const schools = await familySchools(db, auth);
  return items.map((item) => ({ ...item, school: item.schoolId ? (schools.get(item.schoolId) ?? null) : null }));
}

/**
 * News for everyone in the Comune, plus those of the schools the family's children attend; only published
 * ones inside their window (domain/news.ts, newsVisibility = LIVE).
 */
async function newsWhere(db: Db, auth: SessionAuth, now: Date): Promise<Prisma.NewsWhereInput> {
  const schoolIds = [...(await familySchools(db, auth)).keys()];
  return {
    tenantId: auth.tenantId,
    status: 'PUBLISHED',
    publishedAt: { lte: now },
    AND: [{ OR: [{ publishUntil: null }, { publishUntil: { gt: now } }] }, { OR: [{ schoolId: null }, { schoolId: { in: schoolIds } }] }],
  };
}

export async function latestNews(db: Db, auth: SessionAuth, now: Date, count: number) {
  const items = await db.news.findMany({ where: await newsWhere(db, auth, now), orderBy: { publishedAt: 'desc' }, take: count });
  return withSchools(db, auth, items);
}

export async function newsPage(db: Db, auth: SessionAuth, now: Date, requestedPage: number) {
  const where = await newsWhere(db, auth, now);
  const total = await db.news.count({ where });
  const window = pageWindow(total, requestedPage, PAGE_SIZE);
  const items = await db.news.findMany({
    where,
    orderBy: { publishedAt: 'desc' },
    skip: window.skip,
    take: window.take,
  });
  return { items: await withSchools(db, auth, items), total, page: window.page, pages: window.pages };
}

/** One news item the family may read; others (another Comune, another school, not yet published) are 404. */
export async function newsItem(db: Db, auth: SessionAuth, now: Date, newsId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(newsId)) throw new NotFoundError();
  const item = await db.news.findFirst({ where: { id: newsId, ...(await newsWhere(db, auth, now)) } });
  if (!item) throw new NotFoundError();
  return (await withSchools(db, auth, [item]))[0];
}
