import type { Db } from '../../db/client.ts';
import { fromDbDate, toDbDate } from '../../domain/dates.ts';
import { romeYearBounds, type RecordedPayment } from '../../domain/tax-certificate.ts';
import type { Prisma } from '../../generated/prisma/client.ts';

// The wallet movements the office's bank collections make carry this author (no cashier, no pagoPA receipt).
const SYSTEM_AUTHOR = 'system';

interface BilledDocument {
  number: string;
  period: string | null;
  description: string;
  studentId: string | null;
  lines: { studentId: string | null; amountCents: number }[];
}

const documentSelect = {
  number: true,
  period: true,
  description: true,
  studentId: true,
  lines: { select: { studentId: true, amountCents: true } },
} satisfies Prisma.InvoiceSelect;

/** Each child's weight in a document: their lines; a one-child document without child lines is all theirs. */
function sharesOf(document: BilledDocument): RecordedPayment['shares'] {
  const weights = new Map<string, number>();
  for (const line of document.lines) {
    if (line.studentId) weights.set(line.studentId, (weights.get(line.studentId) ?? 0) + line.amountCents);
  }
  if (weights.size === 0 && document.studentId) return [{ studentId: document.studentId, weightCents: 1 }];
  return [...weights].map(([studentId, weightCents]) => ({ studentId, weightCents }));
}

const documentFields = (document: BilledDocument) => ({
  documentNumber: document.number,
  period: document.period ?? document.description,
  shares: sharesOf(document),
});

/**
 * Every payment made for these children (in `year`, Rome time, when given), as the 730 rule reads them:
 * - pagoPA receipts applied to invoices (one entry per invoice the notice paid, in the amount it carried);
 * - invoices collected by SEPA direct debit, on the bank's collection day;
 * - wallet top-ups (pagoPA, SDD or desk) and refunds of wallet credit, for the prepaid Comuni.
 * Top-up notices are read through their wallet movement, never through their receipt as well, so nothing counts
 * twice. Flagged receipts (and the RESOLVED ones, whose fate is a clerk's free text) are not payments of a document.
 */
export async function recordedPayments(db: Db, tenantId: string, studentIds: readonly string[], year?: number): Promise<RecordedPayment[]> {
  const ids = { in: [...studentIds] };
  const bounds = year === undefined ? undefined : romeYearBounds(year);
  const instants = bounds && { gte: bounds.from, lt: bounds.to };
  const days = year === undefined ? undefined : { gte: toDbDate(`${year}-01-01`), lte: toDbDate(`${year}-12-31`) };
  const ofChildren: Prisma.InvoiceWhereInput = { tenantId, OR: [{ studentId: ids }, { lines: { some: { studentId: ids } } }] };

  const [receipts, collected, movements] = await Promise.all([
    db.receipt.findMany({
      where: { tenantId, status: 'APPLIED', paidAt: instants, notice: { tenantId, items: { some: { invoice: ofChildren } } } },
      select: {
        receiptId: true,
        paidAt: true,
        notice: { select: { items: { select: { amountCents: true, invoice: { select: documentSelect } } } } },
      },
    }),
    db.invoice.findMany({
      where: { ...ofChildren, directDebit: 'COLLECTED', directDebitOn: days ?? { not: null } },
      select: { ...documentSelect, totalCents: true, directDebitOn: true, sddBatch: { select: { messageId: true } } },
    }),
    db.walletMovement.findMany({
      where: { tenantId, kind: { in: ['TOP_UP', 'REFUND'] }, occurredAt: instants, wallet: { tenantId, studentId: ids } },
      select: {
        occurredAt: true,
        amountCents: true,
        description: true,
        createdBy: true,
        receipt: { select: { receiptId: true } },
        wallet: { select: { studentId: true } },
      },
    }),
  ]);

  const fromReceipts = receipts.flatMap((r) =>
    (r.notice?.items ?? []).map((item): RecordedPayment => ({
      paidAt: r.paidAt,
      method: 'PAGOPA',
      reference: r.receiptId,
      amountCents: item.amountCents,
      ...documentFields(item.invoice),
    })),
  );
  const fromDebits = collected.map((invoice): RecordedPayment => ({
    paidAt: fromDbDate(invoice.directDebitOn!),
    method: 'SDD',
    reference: invoice.sddBatch?.messageId ?? null,
    amountCents: invoice.totalCents,
    ...documentFields(invoice),
  }));
  const fromWallets = movements.map((m): RecordedPayment => ({
    paidAt: m.occurredAt,
    method: m.receipt ? 'PAGOPA' : m.createdBy === SYSTEM_AUTHOR ? 'SDD' : 'DESK',
    reference: m.receipt?.receiptId ?? null,
    documentNumber: null,
    period: m.description,
    amountCents: m.amountCents,
    shares: [{ studentId: m.wallet.studentId, weightCents: 1 }],
  }));
  return [...fromReceipts, ...fromDebits, ...fromWallets];
}
