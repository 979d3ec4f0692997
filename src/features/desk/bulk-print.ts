import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { actorOf, recordAudit } from '../../audit.ts';
import type { SessionAuth } from '../../auth/session-auth.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import type { AppDeps } from '../../deps.ts';
import type { DeskPrint, PaymentNotice, Prisma, Tenant } from '../../generated/prisma/client.ts';
import { writeNoticeBook } from '../../pdf/notice-book.ts';
import type { NoticePdfData } from '../../pdf/notice-pdf.ts';
import { NotFoundError } from '../../web/errors.ts';
import { translateForJobs } from '../../web/i18n.ts';
import { postalAddress, noticePdfData } from '../payments/documents.ts';

/** Notices read per query: the rows in memory at once while the PDF is written. */
export const BULK_PAGE_SIZE = 200;

export interface BulkPrintFilter {
  period: string | null;
  schoolId: string | null;
  classId: string | null;
}

/**
 * The unpaid notices of documents (invoices) a bulk print covers: still payable on pagoPA, of an invoice of the
 * month, with a child of the school or class. Top-up and spontaneous notices are the parent's own requests and
 * are printed one at a time from the family's page. A document in an SDD collection is left out (not payable).
 */
export function bulkNoticeWhere(tenantId: string, filter: BulkPrintFilter): Prisma.PaymentNoticeWhereInput {
  const invoice: Prisma.InvoiceWhereInput = {
    tenantId,
    state: { in: ['ISSUED', 'PARTIALLY_PAID'] },
    directDebit: { not: 'IN_COLLECTION' },
    ...(filter.period ? { period: filter.period } : {}),
  };
  const place: Prisma.StudentWhereInput | null = filter.classId
    ? { classId: filter.classId }
    : filter.schoolId
      ? { schoolId: filter.schoolId }
      : null;
  return {
    tenantId,
    purpose: 'INVOICE',
    state: 'VALID',
    items: { some: { invoice } },
    // a family invoice of siblings names no child on its notice: its lines do
    ...(place ? { OR: [{ student: place }, { items: { some: { invoice: { lines: { some: { student: place } } } } } }] } : {}),
  };
}

/** Records the print and queues its job; the page then follows its progress. A school or class not of this Comune is 404. */
export async function startDeskPrint(deps: AppDeps, tenant: Tenant, auth: SessionAuth, filter: BulkPrintFilter): Promise<DeskPrint> {
  if (filter.schoolId && !(await deps.prisma.school.findFirst({ where: { id: filter.schoolId, tenantId: tenant.id } })))
    throw new NotFoundError();
  if (filter.classId && !(await deps.prisma.schoolClass.findFirst({ where: { id: filter.classId, tenantId: tenant.id } })))
    throw new NotFoundError();
  const print = await inTransaction(deps.prisma, async (tx) => {
    const created = await tx.deskPrint.create({
      data: { tenantId: tenant.id, ...filter, createdBy: auth.displayName },
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor: actorOf(auth),
      action: 'DESK_BULK_PRINT_STARTED',
      entityType: 'DeskPrint',
      entityId: created.id,
      details: { ...filter },
    });
    return created;
  });
  await deps.jobs.send('desk-print', { printId: print.id }, { singletonKey: print.id });
  return print;
}

/** The notices of a print, family by family, a page at a time: keyset pagination on (debtorName, debtorFiscalCode, id). */
async function* noticePages(prisma: Db, tenant: Tenant, where: Prisma.PaymentNoticeWhereInput): AsyncGenerator<NoticePdfData[]> {
  let after: Pick<PaymentNotice, 'debtorName' | 'debtorFiscalCode' | 'id'> | null = null;
  for (;;) {
    const notices: PaymentNotice[] = await prisma.paymentNotice.findMany({
      where: after
        ? {
            AND: [
              where,
              {
                OR: [
                  { debtorName: { gt: after.debtorName } },
                  { debtorName: after.debtorName, debtorFiscalCode: { gt: after.debtorFiscalCode } },
                  { debtorName: after.debtorName, debtorFiscalCode: after.debtorFiscalCode, id: { gt: after.id } },
                ],
              },
            ],
          }
        : where,
      orderBy: [{ debtorName: 'asc' }, { debtorFiscalCode: 'asc' }, { id: 'asc' }],
      take: BULK_PAGE_SIZE,
    });
    if (notices.length === 0) return;
    const guardians = await prisma.guardian.findMany({
      where: { tenantId: tenant.id, fiscalCode: { in: [...new Set(notices.map((n) => n.debtorFiscalCode))] } },
      select: { fiscalCode: true, residenceStreet: true, residenceZip: true, residenceCity: true, residenceProv: true },
    });
    const addressOf = new Map(guardians.map((g) => [g.fiscalCode, postalAddress(g)]));
    yield notices.map((notice) => noticePdfData(tenant, notice, addressOf.get(notice.debtorFiscalCode) ?? null));
    after = notices[notices.length - 1];
  }
}

export function deskPrintPath(dataDir: string, print: Pick<DeskPrint, 'tenantId' | 'id'>): string {
  return path.join(dataDir, 'desk-prints', print.tenantId, `${print.id}.pdf`);
}

/**
 * The job: writes the print's PDF to a temporary file under DATA_DIR, then renames it into place and marks the
 * print DONE. Run again (a retry after a crash) it starts the file over, so it is idempotent; a DONE print is left.
 */
export async function runDeskPrint(deps: AppDeps, printId: string): Promise<{ notices: number }> {
  const found = await deps.prisma.deskPrint.findUnique({ where: { id: printId } });
  if (!found) return { notices: 0 };
  const print = await deps.prisma.deskPrint.findUniqueOrThrow({
    where: { id: found.id, tenantId: found.tenantId },
    include: { tenant: true },
  });
  if (print.state === 'DONE') return { notices: print.done };
  const where = bulkNoticeWhere(print.tenantId, print);
  const total = await deps.prisma.paymentNotice.count({ where });
  const progress = (data: Prisma.DeskPrintUpdateInput) =>
    deps.prisma.deskPrint.update({ where: { id: print.id, tenantId: print.tenantId }, data });
  await progress({ state: 'RUNNING', total, done: 0, error: null });
  const file = deskPrintPath(deps.config.dataDir, print);
  const partial = `${file}.part`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const t = translateForJobs();
    const drawn = await writeNoticeBook(
      createWriteStream(partial),
      t,
      { title: t('adminDesk.bulk.pdfTitle'), author: print.tenant.name },
      noticePages(deps.prisma, print.tenant, where),
      async (done) => {
        await progress({ done });
      },
    );
    await rename(partial, file);
    const { size } = await stat(file);
    await progress({ state: 'DONE', done: drawn, total: Math.max(total, drawn), filePath: file, sizeBytes: size, finishedAt: new Date() });
    return { notices: drawn };
  } catch (error) {
    await rm(partial, { force: true });
    await progress({ state: 'FAILED', error: error instanceof Error ? error.message.slice(0, 500) : String(error) });
    throw error;
  }
}

/** Days a print's file is kept: the avvisi in it go stale as families pay, and a desk prints again when it needs to. */
export const DESK_PRINT_KEEP_DAYS = 7;

/**
 * The daily job: deletes the files of prints older than DESK_PRINT_KEEP_DAYS (the print stays listed, without its
 * file). Comune by Comune, so each query uses the (tenantId, createdAt) index; run twice, it finds nothing left.
 */
export async function purgeOldDeskPrints(deps: AppDeps): Promise<{ deleted: number }> {
  const before = new Date(deps.clock.now().getTime() - DESK_PRINT_KEEP_DAYS * 24 * 60 * 60 * 1000);
  let deleted = 0;
  for (const { id: tenantId } of await deps.prisma.tenant.findMany({ select: { id: true } })) {
    const old = await deps.prisma.deskPrint.findMany({
      where: { tenantId, createdAt: { lt: before }, filePath: { not: null } },
      select: { id: true, tenantId: true },
    });
    if (old.length === 0) continue;
    for (const print of old) await rm(deskPrintPath(deps.config.dataDir, print), { force: true });
    await deps.prisma.deskPrint.updateMany({
      where: { tenantId, id: { in: old.map((p) => p.id) } },
      data: { filePath: null, sizeBytes: null },
    });
    deleted += old.length;
  }
  return { deleted };
}

/** A print of this Comune, for its page or its file; another Comune's is 404. */
export async function deskPrintOf(prisma: Db, tenantId: string, printId: string | undefined) {
  if (!printId || !/^[0-9a-f-]{36}$/i.test(printId)) throw new NotFoundError();
  const print = await prisma.deskPrint.findFirst({
    where: { id: printId, tenantId },
    include: { school: { select: { name: true } }, schoolClass: { select: { name: true } } },
  });
  if (!print) throw new NotFoundError();
  return print;
}

/** The choices of the bulk print form and the last prints made. */
export async function bulkPrintChoices(prisma: Db, tenantId: string) {
  const [schools, classes, prints] = await Promise.all([
    prisma.school.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    prisma.schoolClass.findMany({
      where: { tenantId },
      orderBy: [{ school: { name: 'asc' } }, { name: 'asc' }],
      select: { id: true, name: true, schoolId: true, school: { select: { name: true } } },
    }),
    prisma.deskPrint.findMany({
      where: { tenantId },
      orderBy: { createdAt: 'desc' },
      take: 10,
      include: { school: { select: { name: true } }, schoolClass: { select: { name: true } } },
    }),
  ]);
  return { schools, classes, prints };
}
