// The set-based reads of arrears: one statement over the Comune's overdue documents, grouped by family, for
// the list, its CSV, the selection of a reminder batch and one family's flag. Never a query per family.
import type { Db, Tx } from '../../../db/client.ts';
import { AGE_BUCKETS, type AgeBucket } from '../../../domain/arrears.ts';
import { toDbDate, type IsoDate } from '../../../domain/dates.ts';
import { Prisma } from '../../../generated/prisma/client.ts';

export interface ArrearsFilter {
  /** a school of the Comune: documents of a child of that school */
  school: string | null;
  service: string | null;
}

/**
 * A document is overdue when its due date has passed and something is still due on it: issued or partly paid,
 * not a credit note (credit notes settle their invoice through paidCents), not with the bank for a direct debit.
 */
function overdueWhere(tenantId: string, today: IsoDate, filter: ArrearsFilter): Prisma.Sql {
  // the child of a one-child document, or a child on a line of a family document
  const bySchool = filter.school
    ? Prisma.sql`AND (i."studentId" IN (
          SELECT s.id FROM "Student" s WHERE s."tenantId" = ${tenantId}::uuid AND s."schoolId" = ${filter.school}::uuid)
        OR EXISTS (
          SELECT 1 FROM "InvoiceLine" l JOIN "Student" s ON s.id = l."studentId"
          WHERE l."tenantId" = ${tenantId}::uuid AND l."invoiceId" = i.id AND s."schoolId" = ${filter.school}::uuid))`
    : Prisma.empty;
  const byService = filter.service ? Prisma.sql`AND i."serviceId" = ${filter.service}::uuid` : Prisma.empty;
  return Prisma.sql`i."tenantId" = ${tenantId}::uuid
    AND i.state IN ('ISSUED', 'PARTIALLY_PAID') AND i.kind <> 'CREDIT_NOTE' AND i."directDebit" <> 'IN_COLLECTION'
    AND i."dueOn" < ${toDbDate(today)}::date AND i."totalCents" > i."paidCents" ${bySchool} ${byService}`;
}

/** SUM of what is due in one age bucket, its bounds read from the domain's AGE_BUCKETS. */
function bucketSum(index: number): Prisma.Sql {
  const lower = index === 0 ? 0 : AGE_BUCKETS[index - 1].maxDays!;
  const upper = AGE_BUCKETS[index].maxDays;
  const upperBound = upper === null ? Prisma.empty : Prisma.sql`AND o.days <= ${upper}`;
  return Prisma.sql`SUM(CASE WHEN o.days > ${lower} ${upperBound} THEN o.due ELSE 0 END)::int`;
}

export interface ArrearsRow {
  guardianId: string;
  lastName: string;
  firstName: string;
  fiscalCode: string;
  documents: number;
  dueCents: number;
  collectionCents: number;
  buckets: Record<AgeBucket, number>;
  oldestDays: number;
  lastReminderOn: Date | null;
}

type RawRow = Omit<ArrearsRow, 'buckets'> & { b0: number; b1: number; b2: number };

/** The families in arrears, most owed first: one page of them, or all (`window` null, for the CSV). */
export async function arrearsRows(
  db: Db,
  tenantId: string,
  today: IsoDate,
  filter: ArrearsFilter,
  window: { skip: number; take: number } | null,
): Promise<ArrearsRow[]> {
  const paging = window ? Prisma.sql`LIMIT ${window.take} OFFSET ${window.skip}` : Prisma.empty;
  const raw = await db.$queryRaw<RawRow[]>`
    WITH o AS (
      SELECT i."guardianId", i."totalCents" - i."paidCents" AS due, (${toDbDate(today)}::date - i."dueOn") AS days,
             i."sentToCollectionOn" IS NOT NULL AS collected
      FROM "Invoice" i WHERE ${overdueWhere(tenantId, today, filter)}
    ), f AS (
      SELECT o."guardianId", COUNT(*)::int AS documents, SUM(o.due)::int AS "dueCents",
             SUM(CASE WHEN o.collected THEN o.due ELSE 0 END)::int AS "collectionCents",
             ${bucketSum(0)} AS b0, ${bucketSum(1)} AS b1, ${bucketSum(2)} AS b2, MAX(o.days)::int AS "oldestDays"
      FROM o GROUP BY o."guardianId"
    )
    SELECT f.*, g."lastName", g."firstName", g."fiscalCode",
           (SELECT MAX(r."sentOn") FROM "Reminder" r
            WHERE r."tenantId" = ${tenantId}::uuid AND r."guardianId" = f."guardianId") AS "lastReminderOn"
    FROM f JOIN "Guardian" g ON g.id = f."guardianId" AND g."tenantId" = ${tenantId}::uuid
    ORDER BY f."dueCents" DESC, g."lastName", g."firstName", g.id
    ${paging}`;
  return raw.map(({ b0, b1, b2, ...row }) => ({ ...row, buckets: { upTo30: b0, upTo90: b1, over90: b2 } }));
}

/** How many families the filter finds in arrears, what they owe in all and in each age bucket. */
export async function arrearsTotals(db: Db, tenantId: string, today: IsoDate, filter: ArrearsFilter) {
  const [totals] = await db.$queryRaw<{ families: number; dueCents: number; b0: number; b1: number; b2: number }[]>`
    WITH o AS (
      SELECT i."guardianId", i."totalCents" - i."paidCents" AS due, (${toDbDate(today)}::date - i."dueOn") AS days
      FROM "Invoice" i WHERE ${overdueWhere(tenantId, today, filter)}
    )
    SELECT COUNT(DISTINCT o."guardianId")::int AS families, COALESCE(SUM(o.due), 0)::int AS "dueCents",
           COALESCE(${bucketSum(0)}, 0) AS b0, COALESCE(${bucketSum(1)}, 0) AS b1, COALESCE(${bucketSum(2)}, 0) AS b2
    FROM o`;
  const { b0, b1, b2, ...rest } = totals;
  return { ...rest, buckets: { upTo30: b0, upTo90: b1, over90: b2 } as Record<AgeBucket, number> };
}

export interface OverdueInvoice {
  id: string;
  guardianId: string;
  number: string;
  issuedOn: Date;
  dueOn: Date;
  description: string;
  totalCents: number;
  dueCents: number;
  daysPastDue: number;
  sentToCollectionOn: Date | null;
  /** reminders of this document sent so far */
  reminders: number;
}

/**
 * The overdue documents of some families (all the Comune's when `guardianIds` is null), oldest first, each with
 * how many reminders named it: one statement whatever the number of families.
 */
export function overdueInvoices(db: Db | Tx, tenantId: string, today: IsoDate, guardianIds: readonly string[] | null) {
  const families = guardianIds ? Prisma.sql`AND i."guardianId" = ANY(${[...guardianIds]}::uuid[])` : Prisma.empty;
  return db.$queryRaw<OverdueInvoice[]>`
    SELECT i.id, i."guardianId", i.number, i."issuedOn", i."dueOn", i.description, i."totalCents",
           (i."totalCents" - i."paidCents")::int AS "dueCents", (${toDbDate(today)}::date - i."dueOn")::int AS "daysPastDue",
           i."sentToCollectionOn",
           (SELECT COUNT(*) FROM "ReminderItem" ri WHERE ri."tenantId" = ${tenantId}::uuid AND ri."invoiceId" = i.id)::int AS reminders
    FROM "Invoice" i
    WHERE ${overdueWhere(tenantId, today, { school: null, service: null })} ${families}
    ORDER BY i."guardianId", i."dueOn", i.number`;
}

/** The families the filter finds in arrears (a "select all filtered" reminder batch). */
export async function guardiansInArrears(db: Db, tenantId: string, today: IsoDate, filter: ArrearsFilter): Promise<string[]> {
  const rows = await db.$queryRaw<{ guardianId: string }[]>`
    SELECT DISTINCT i."guardianId" FROM "Invoice" i WHERE ${overdueWhere(tenantId, today, filter)}`;
  return rows.map((row) => row.guardianId);
}
