import type { Db } from '../../../db/client.ts';
import { creditableCents, creditRefusal } from '../../../domain/credit-notes.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { creditableInvoice } from '../../billing/credit-notes.ts';
import { contains, pagedList, type ListQuery } from '../list-query.ts';

export const INVOICE_SORTS = ['recenti', 'numero', 'intestatario'] as const;
const ORDER: Record<(typeof INVOICE_SORTS)[number], Prisma.InvoiceOrderByWithRelationInput[]> = {
  recenti: [{ issuedOn: 'desc' }, { number: 'desc' }],
  numero: [{ number: 'asc' }],
  intestatario: [{ guardian: { lastName: 'asc' } }, { guardian: { firstName: 'asc' } }, { number: 'desc' }],
};

/** The Comune's documents, by number, intestatario name or fiscal code, or of one family (?intestatario=). */
export async function invoiceList(db: Db, tenantId: string, query: ListQuery<(typeof INVOICE_SORTS)[number]>, guardianId: string) {
  const q = query.q;
  const where: Prisma.InvoiceWhereInput = {
    tenantId,
    ...(/^[0-9a-f-]{36}$/i.test(guardianId) ? { guardianId } : {}),
    ...(q
      ? {
          OR: [
            { number: { startsWith: q } },
            { guardian: { lastName: contains(q) } },
            { guardian: { firstName: contains(q) } },
            { guardian: { fiscalCode: q.toUpperCase() } },
          ],
        }
      : {}),
  };
  return pagedList(
    query.page,
    () => db.invoice.count({ where }),
    (window) =>
      db.invoice.findMany({
        where,
        orderBy: ORDER[query.sort],
        ...window,
        include: { guardian: { select: { firstName: true, lastName: true, fiscalCode: true } } },
      }),
  );
}

/** One document for the office: lines, notices, credit notes, adjustments, and whether it can be credited. */
export async function invoiceForOffice(db: Db, tenantId: string, invoiceId: string) {
  const invoice = await creditableInvoice(db, tenantId, invoiceId);
  const [details, notices] = await Promise.all([
    db.invoice.findFirst({
      where: { id: invoice.id, tenantId },
      include: {
        guardian: true,
        student: { select: { firstName: true, lastName: true } },
        service: { select: { name: true } },
        lines: { orderBy: { position: 'asc' }, include: { student: { select: { firstName: true, lastName: true } } } },
        creditedInvoice: { select: { id: true, number: true } },
        creditNotes: {
          select: { id: true, number: true, issuedOn: true, totalCents: true, description: true },
          orderBy: { number: 'asc' },
        },
        adjustmentsFrom: { orderBy: { createdAt: 'asc' }, include: { appliedInvoice: { select: { id: true, number: true } } } },
      },
    }),
    db.paymentNotice.findMany({
      where: { tenantId, items: { some: { invoiceId: invoice.id } } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, noticeNumber: true, state: true, amountCents: true, createdAt: true, cancelledAt: true },
    }),
  ]);
  if (!details) throw new NotFoundError();
  return {
    invoice: { ...details, creditedCents: invoice.creditedCents, dueCents: details.totalCents - details.paidCents },
    creditable: creditableCents(invoice),
    refusal: creditRefusal(invoice),
    notices,
  };
}
