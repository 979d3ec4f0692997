import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { toDbDate } from '../../domain/dates.ts';
import type { Prisma, Tenant } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import type { Language, Translate } from '../../web/i18n.ts';
import { pageWindow } from '../family/page.ts';
import { familyInvoiceWhere, familyStudents, invoiceOfStudentWhere, type FamilyStudent } from '../family/scope.ts';
import { renderInvoicePdf } from './pdf.ts';
import type { InvoiceFilter } from './schemas.ts';
import { invoiceChildrenNames, invoiceSections } from './sections.ts';

const PAGE_SIZE = 20;
const UNPAID = ['ISSUED', 'PARTIALLY_PAID'] as const;
/** What the family still owes: a credit note is never payable, whatever its state. */
const OWED: Prisma.InvoiceWhereInput = { state: { in: [...UNPAID] }, kind: { not: 'CREDIT_NOTE' } };
const PLACES = { school: true, schoolClass: true } as const;
const NAMED = { select: { id: true, firstName: true, lastName: true } } as const;
const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

function stateWhere(state: InvoiceFilter['stato']): Prisma.InvoiceWhereInput {
  switch (state) {
    case 'da-pagare':
      return OWED;
    case 'pagati':
      return { state: 'PAID' };
    case 'messi-a-ruolo':
      return { sentToCollectionOn: { not: null } };
    case 'annullati':
      return { state: 'CANCELLED' };
    default:
      return {};
  }
}

/** The pagoPA document a row offers: the notice to pay while unpaid, the receipt once paid. */
function downloadOf(invoice: { state: string; kind: string; noticeItems: { notice: { id: string; state: string } }[] }) {
  if (invoice.kind === 'CREDIT_NOTE') return null;
  const notices = invoice.noticeItems.map((item) => item.notice);
  if (invoice.state === 'PAID') {
    const paid = notices.find((n) => n.state === 'PAID');
    return paid ? { kind: 'receipt' as const, noticeId: paid.id } : null;
  }
  if (invoice.state === 'CANCELLED') return null;
  const valid = notices.find((n) => n.state === 'VALID');
  return valid ? { kind: 'notice' as const, noticeId: valid.id } : null;
}

/**
 * The children named by a page of invoices, from the family's children already read; only a child no longer in
 * the family (moved to another one since) is read, in one query.
 */
async function childrenByIds(db: Db, tenantId: string, family: readonly FamilyStudent[], ids: (string | null)[]) {
  const known = new Map<string, { id: string; firstName: string; lastName: string }>(family.map((s) => [s.id, s]));
  const missing = [...new Set(ids.filter((id): id is string => id !== null && !known.has(id)))];
  if (missing.length) for (const s of await db.student.findMany({ where: { tenantId, id: { in: missing } }, ...NAMED })) known.set(s.id, s);
  return (id: string | null) => (id ? (known.get(id) ?? null) : null);
}

/** "Storico documenti contabili" of the family, filtered and paged; a foreign child in the filter is 404. */
export async function invoiceList(db: Db, auth: SessionAuth, filter: InvoiceFilter, requestedPage: number) {
  const students = await familyStudents(db, auth);
  if (filter.alunno && !students.some((s) => s.id === filter.alunno)) throw new NotFoundError();
  const family: Prisma.InvoiceWhereInput = familyInvoiceWhere(auth);
  const where: Prisma.InvoiceWhereInput = {
    ...family,
    ...(filter.alunno ? invoiceOfStudentWhere(filter.alunno) : {}),
    ...(filter.anno ? { issuedOn: { gte: toDbDate(`${filter.anno}-01-01`), lte: toDbDate(`${filter.anno}-12-31`) } } : {}),
    ...stateWhere(filter.stato),
  };
  const [total, issuedDays, unpaid] = await Promise.all([
    db.invoice.count({ where }),
    db.invoice.findMany({ where: family, select: { issuedOn: true }, distinct: ['issuedOn'] }),
    db.invoice.findMany({ where: { ...family, ...OWED }, select: { totalCents: true, paidCents: true, dueOn: true } }),
  ]);
  const window = pageWindow(total, requestedPage, PAGE_SIZE);
  const rows = await db.invoice.findMany({
    where,
    orderBy: [{ issuedOn: 'desc' }, { number: 'desc' }],
    skip: window.skip,
    take: window.take,
    include: {
      lines: { where: { tenantId: auth.tenantId }, select: { studentId: true }, orderBy: { position: 'asc' } },
      noticeItems: { include: { notice: { select: { id: true, state: true } } } },
    },
  });
  // the numbers a page's credit notes reverse: a read only when the page has a credit note
  const creditedIds = rows.flatMap((r) => (r.creditedInvoiceId ? [r.creditedInvoiceId] : []));
  const credited = creditedIds.length
    ? await db.invoice.findMany({ where: { tenantId: auth.tenantId, id: { in: creditedIds } }, select: { id: true, number: true } })
    : [];
  const named = await childrenByIds(db, auth.tenantId, students, [
    ...rows.flatMap((r) => [r.studentId, ...r.lines.map((l) => l.studentId)]),
  ]);
  const years = [...new Set(issuedDays.map((d) => d.issuedOn.getUTCFullYear()))].sort((a, b) => b - a);
  return {
    students,
    years,
    invoices: rows.map((invoice) => ({
      ...invoice,
      creditedInvoice: credited.find((c) => c.id === invoice.creditedInvoiceId) ?? null,
      childrenNames: invoiceChildrenNames({
        student: named(invoice.studentId),
        lines: invoice.lines.map((l) => ({ student: named(l.studentId) })),
      }),
      dueCents: invoice.kind === 'CREDIT_NOTE' ? 0 : invoice.totalCents - invoice.paidCents,
      download: downloadOf(invoice),
    })),
    page: window.page,
    pages: window.pages,
    total,
    unpaidCents: unpaid.reduce((sum, i) => sum + i.totalCents - i.paidCents, 0),
  };
}

/** One invoice of the family with its lines, notices and receipts (days listed in `lang`); another family's id is 404. */
export async function invoiceDetail(db: Db, auth: SessionAuth, invoiceId: string, lang: Language) {
  if (!isId(invoiceId)) throw new NotFoundError();
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, ...familyInvoiceWhere(auth) },
    include: {
      lines: {
        where: { tenantId: auth.tenantId },
        orderBy: { position: 'asc' },
        include: { student: { include: PLACES } },
      },
      student: { include: PLACES },
      bookings: {
        where: { tenantId: auth.tenantId },
        select: { studentId: true, date: true, status: true, chargedCents: true, student: { include: PLACES } },
      },
      creditedInvoice: { select: { id: true, number: true, issuedOn: true } },
      creditNotes: { where: { tenantId: auth.tenantId }, select: { id: true, number: true }, orderBy: { number: 'asc' } },
      guardian: true,
      service: true,
      noticeItems: {
        include: {
          notice: {
            include: {
              receipts: { where: { tenantId: auth.tenantId, status: { in: ['APPLIED', 'RESOLVED'] } }, orderBy: { paidAt: 'asc' } },
            },
          },
        },
      },
      attachments: {
        where: { tenantId: auth.tenantId },
        select: { id: true, title: true, fileName: true, sizeBytes: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
      },
    },
  });
  if (!invoice) throw new NotFoundError();
  const payments = invoice.noticeItems.flatMap((item) =>
    item.notice.receipts.map((receipt) => ({ ...receipt, noticeNumber: item.notice.noticeNumber, noticeId: item.notice.id })),
  );
  const isCreditNote = invoice.kind === 'CREDIT_NOTE';
  return {
    ...invoice,
    isCreditNote,
    childrenNames: invoiceChildrenNames(invoice),
    ...invoiceSections(invoice, lang),
    dueCents: isCreditNote ? 0 : invoice.totalCents - invoice.paidCents,
    payable: !isCreditNote && (UNPAID as readonly string[]).includes(invoice.state),
    notices: invoice.noticeItems.map((item) => ({ ...item.notice, itemCents: item.amountCents })),
    payments,
    download: downloadOf(invoice),
  };
}

export type InvoiceDetail = Awaited<ReturnType<typeof invoiceDetail>>;

/** A file attached to one of the family's invoices. */
export async function invoiceAttachment(db: Db, auth: SessionAuth, invoiceId: string, attachmentId: string) {
  if (!isId(invoiceId) || !isId(attachmentId)) throw new NotFoundError();
  const attachment = await db.attachment.findFirst({
    where: { id: attachmentId, invoiceId, tenantId: auth.tenantId, invoice: familyInvoiceWhere(auth) },
  });
  if (!attachment) throw new NotFoundError();
  return attachment;
}

/** The invoice PDF, built on request from the stored invoice (always what the database says now). */
export async function invoicePdf(t: Translate, lang: Language, db: Db, auth: SessionAuth, tenant: Tenant, invoiceId: string) {
  const invoice = await invoiceDetail(db, auth, invoiceId, lang);
  return { number: invoice.number, bytes: await renderInvoicePdf(t, tenant, invoice) };
}
