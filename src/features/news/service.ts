import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { pageWindow } from '../family/page.ts';
import { familyStudentWhere } from '../family/scope.ts';

const PAGE_SIZE = 10;

/**
 * News for everyone in the Comune, plus those of the schools the family's children attend; only published
 * ones inside their window (domain/news.ts, newsVisibility = LIVE).
 */
async function newsWhere(db: Db, auth: SessionAuth, now: Date): Promise<Prisma.NewsWhereInput> {
  const schools = await db.student.findMany({ where: familyStudentWhere(auth), select: { schoolId: true }, distinct: ['schoolId'] });
  return {
    tenantId: auth.tenantId,
    status: 'PUBLISHED',
    publishedAt: { lte: now },
    AND: [
      { OR: [{ publishUntil: null }, { publishUntil: { gt: now } }] },
      { OR: [{ schoolId: null }, { schoolId: { in: schools.map((s) => s.schoolId) } }] },
    ],
  };
}

export async function latestNews(db: Db, auth: SessionAuth, now: Date, count: number) {
  return db.news.findMany({
    where: await newsWhere(db, auth, now),
    orderBy: { publishedAt: 'desc' },
    take: count,
    include: { school: true },
  });
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
    include: { school: true },
  });
  return { items, total, page: window.page, pages: window.pages };
}

/** One news item the family may read; others (another Comune, another school, not yet published) are 404. */
export async function newsItem(db: Db, auth: SessionAuth, now: Date, newsId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(newsId)) throw new NotFoundError();
  const item = await db.news.findFirst({ where: { id: newsId, ...(await newsWhere(db, auth, now)) }, include: { school: true } });
  if (!item) throw new NotFoundError();
  return item;
}
