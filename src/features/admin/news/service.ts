import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import { newsVisibility } from '../../../domain/news.ts';
import { formatItalianDate, formatItalianDateTime, romeDateOf, addDays } from '../../../domain/dates.ts';
import type { News, Prisma } from '../../../generated/prisma/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { assertRecordId, contains, pagedList } from '../list-query.ts';
import type { NewsFilter, NewsInput, NewsListQuery } from './schemas.ts';

function filterWhere(filter: NewsFilter, now: Date): Prisma.NewsWhereInput {
  switch (filter) {
    case 'bozze':
      return { status: 'DRAFT' };
    case 'ritirate':
      return { status: 'WITHDRAWN' };
    case 'programmate':
      return { status: 'PUBLISHED', publishedAt: { gt: now } };
    case 'scadute':
      return { status: 'PUBLISHED', publishUntil: { lte: now } };
    case 'visibili':
      return { status: 'PUBLISHED', publishedAt: { lte: now }, OR: [{ publishUntil: null }, { publishUntil: { gt: now } }] };
    default:
      return {};
  }
}

const ORDER: Record<NewsListQuery['ordina'], Prisma.NewsOrderByWithRelationInput[]> = {
  recenti: [{ publishedAt: 'desc' }, { id: 'desc' }],
  'meno-recenti': [{ publishedAt: 'asc' }, { id: 'asc' }],
  titolo: [{ title: 'asc' }, { id: 'asc' }],
};

/** The office's list of news: every state, with search on title and summary. */
export async function newsList(db: Db, tenantId: string, query: NewsListQuery, now: Date) {
  const where: Prisma.NewsWhereInput = {
    tenantId,
    ...filterWhere(query.stato, now),
    ...(query.q ? { AND: [{ OR: [{ title: contains(query.q) }, { summary: contains(query.q) }] }] } : {}),
  };
  const list = await pagedList(
    query.pagina,
    () => db.news.count({ where }),
    (window) => db.news.findMany({ where, orderBy: ORDER[query.ordina], include: { school: true }, ...window }),
  );
  return { ...list, items: list.items.map((item) => ({ ...item, visibility: newsVisibility(item, now) })) };
}

export async function newsOf(db: Db | Tx, tenantId: string, newsId: string) {
  assertRecordId(newsId);
  const news = await db.news.findFirst({ where: { id: newsId, tenantId }, include: { school: true } });
  if (!news) throw new NotFoundError();
  return news;
}

/** The form's fields for an existing item, as the office typed them. */
export function newsFormValues(news: News): Record<string, string> {
  const from = formatItalianDateTime(news.publishedAt);
  return {
    titolo: news.title,
    sommario: news.summary,
    testo: news.body,
    scuola: news.schoolId ?? '',
    avvisa: news.notify ? 'si' : '',
    dal: from.slice(0, 10),
    oraDal: from.slice(11),
    al: news.publishUntil ? formatItalianDate(addDays(romeDateOf(news.publishUntil), -1)) : '',
  };
}

async function assertSchoolOf(tx: Tx, tenantId: string, schoolId: string | null) {
  if (!schoolId) return;
  const school = await tx.school.findFirst({ where: { id: schoolId, tenantId }, select: { id: true } });
  if (!school) throw new FieldRuleError('scuola', 'Scegli una scuola dall\u2019elenco.');
}

/** Only what the office can change is compared in the audit's before/after. */
function auditedFields(news: Pick<News, 'title' | 'summary' | 'body' | 'schoolId' | 'publishedAt' | 'publishUntil' | 'status' | 'notify'>) {
  return {
    title: news.title,
    summary: news.summary,
    body: news.body,
    schoolId: news.schoolId,
    publishedAt: news.publishedAt.toISOString(),
    publishUntil: news.publishUntil?.toISOString() ?? null,
    status: news.status,
    notify: news.notify,
  };
}

/**
 * A published item marked "notify": one outbox message per family of its school (or of every school), to the
 * intestatario; sent by the dispatch job, once per family whatever is saved again later.
 */
async function enqueueNewsMessages(tx: Tx, news: News): Promise<void> {
  if (news.status !== 'PUBLISHED' || !news.notify) return;
  await tx.$executeRaw`
    INSERT INTO "Notification" (id, "tenantId", "guardianId", kind, payload, "dedupeKey")
    SELECT gen_random_uuid(), g."tenantId", g.id, 'NEWS', jsonb_build_object('newsId', ${news.id}::text), 'NEWS:' || ${news.id}::text || ':' || g.id
    FROM "Guardian" g
    WHERE g."tenantId" = ${news.tenantId}::uuid AND g."deactivatedAt" IS NULL
      AND EXISTS (SELECT 1 FROM "Student" s WHERE s."tenantId" = g."tenantId" AND s."guardianId" = g.id
                  AND (${news.schoolId}::uuid IS NULL OR s."schoolId" = ${news.schoolId}::uuid))
    ON CONFLICT ("tenantId", "dedupeKey") DO NOTHING`;
}

function fieldsOf(input: NewsInput) {
  return {
    notify: input.notify,
    title: input.title,
    summary: input.summary,
    body: input.body,
    schoolId: input.schoolId,
    publishedAt: input.publishedAt,
    publishUntil: input.publishUntil,
  };
}

export async function createNews(db: Db, input: { tenantId: string; actor: Actor; news: NewsInput; now: Date }) {
  return inTransaction(db, async (tx) => {
    await assertSchoolOf(tx, input.tenantId, input.news.schoolId);
    const created = await tx.news.create({
      data: {
        tenantId: input.tenantId,
        ...fieldsOf(input.news),
        status: input.news.publish ? 'PUBLISHED' : 'DRAFT',
        createdBy: input.actor.label,
        updatedAt: input.now,
      },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'NEWS_CREATED',
      entityType: 'News',
      entityId: created.id,
      after: auditedFields(created),
    });
    await enqueueNewsMessages(tx, created);
    return created;
  });
}

/** Saves the text and window; "Pubblica" also publishes, "Salva" keeps the item's state. */
export async function updateNews(db: Db, input: { tenantId: string; actor: Actor; newsId: string; news: NewsInput; now: Date }) {
  return inTransaction(db, async (tx) => {
    const before = await newsOf(tx, input.tenantId, input.newsId);
    await assertSchoolOf(tx, input.tenantId, input.news.schoolId);
    const after = await tx.news.update({
      where: { id: before.id },
      data: { ...fieldsOf(input.news), ...(input.news.publish ? { status: 'PUBLISHED' } : {}), updatedAt: input.now },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'NEWS_UPDATED',
      entityType: 'News',
      entityId: before.id,
      before: auditedFields(before),
      after: auditedFields(after),
    });
    await enqueueNewsMessages(tx, after);
    return after;
  });
}

/** Publish (within its window) or withdraw an item; doing it twice changes nothing the second time. */
export async function setNewsStatus(
  db: Db,
  input: { tenantId: string; actor: Actor; newsId: string; status: 'PUBLISHED' | 'WITHDRAWN'; now: Date },
) {
  return inTransaction(db, async (tx) => {
    const before = await newsOf(tx, input.tenantId, input.newsId);
    if (before.status === input.status) return before;
    const after = await tx.news.update({
      where: { id: before.id, tenantId: before.tenantId },
      data: { status: input.status, updatedAt: input.now },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: input.status === 'PUBLISHED' ? 'NEWS_PUBLISHED' : 'NEWS_WITHDRAWN',
      entityType: 'News',
      entityId: before.id,
      before: { status: before.status },
      after: { status: after.status },
    });
    await enqueueNewsMessages(tx, after);
    return after;
  });
}
