import { recordAudit, SYSTEM_ACTOR } from '../audit.ts';
import { inTransaction, isUniqueViolation, type Db, type Tx } from '../db/client.ts';
import { canMoveCart, moveCart, moveInvoice, moveNotice } from '../domain/state-machines.ts';
import type { ReceiptFlag } from '../generated/prisma/enums.ts';
import type { PaymentNotice } from '../generated/prisma/client.ts';
import type { PagoPaReceipt } from './gateway.ts';

export type ReceiptSource = 'PUSH' | 'PULL';

export type ApplyOutcome =
  | { outcome: 'APPLIED'; receiptRowId: string; noticeId: string }
  | { outcome: 'FLAGGED'; receiptRowId: string; flag: ReceiptFlag }
  | { outcome: 'DUPLICATE'; receiptRowId: string };

type NoticeWithItems = PaymentNotice & { items: { invoiceId: string; amountCents: number; invoice: { state: string } }[] };

/** How a notice was paid: by a pagoPA receipt (its row), or at the Comune's desk. */
export interface NoticePayment {
  receiptRowId: string | null;
  paidAt: Date;
  /** the wallet movement's text for a top-up, and who it is recorded by */
  walletText: string;
  by: string;
}

/** Why a receipt cannot be applied to its notice, or null when it can. Order matters: the first reason wins. */
function flagFor(receipt: PagoPaReceipt, notice: (NoticeWithItems & { deskPayment: { id: string } | null }) | null): ReceiptFlag | null {
  if (!notice) return 'UNKNOWN_NOTICE';
  if (receipt.outcome !== 'OK') return 'NEGATIVE_OUTCOME';
  if (notice.deskPayment) return 'PAID_AT_DESK';
  if (notice.state === 'CANCELLED') return 'NOTICE_CANCELLED';
  if (notice.state === 'EXPIRED') return 'NOTICE_EXPIRED';
  if (notice.state === 'PAID') return 'ALREADY_PAID';
  if (notice.items.some((item) => item.invoice.state === 'PAID' || item.invoice.state === 'CANCELLED')) return 'ALREADY_PAID';
  if (receipt.amountCents !== notice.amountCents) return 'WRONG_AMOUNT';
  return null;
}

/**
 * Applies one pagoPA receipt, in one transaction, exactly once: a receipt id seen before is a no-op, and a
 * second receipt for an IUV already paid is kept but flagged. Receipts that cannot be applied (unknown or
 * cancelled notice, wrong amount, negative outcome) are stored FLAGGED for a clerk — never dropped.
 */
export async function applyReceipt(
  prisma: Db,
  tenant: { id: string; fiscalCode: string },
  receipt: PagoPaReceipt,
  source: { kind: ReceiptSource; raw: string },
): Promise<ApplyOutcome> {
  try {
    return await inTransaction(prisma, (tx) => applyInTransaction(tx, tenant, receipt, source));
  } catch (error) {
    // Two deliveries raced and the other one committed first: ours is the duplicate.
    if (!isUniqueViolation(error)) throw error;
    const existing = await prisma.receipt.findUniqueOrThrow({
      where: { tenantId_receiptId: { tenantId: tenant.id, receiptId: receipt.receiptId } },
    });
    return { outcome: 'DUPLICATE', receiptRowId: existing.id };
  }
}

async function applyInTransaction(
  tx: Tx,
  tenant: { id: string; fiscalCode: string },
  receipt: PagoPaReceipt,
  source: { kind: ReceiptSource; raw: string },
): Promise<ApplyOutcome> {
  const seen = await tx.receipt.findUnique({ where: { tenantId_receiptId: { tenantId: tenant.id, receiptId: receipt.receiptId } } });
  if (seen) return { outcome: 'DUPLICATE', receiptRowId: seen.id };

  const notice = await tx.paymentNotice.findUnique({
    where: { tenantId_iuv: { tenantId: tenant.id, iuv: receipt.creditorReferenceId } },
    include: { items: { include: { invoice: { select: { state: true } } } }, deskPayment: { select: { id: true } } },
  });
  const flag = receipt.creditorFiscalCode === tenant.fiscalCode ? flagFor(receipt, notice) : 'UNKNOWN_NOTICE';
  const row = await tx.receipt.create({
    data: {
      tenantId: tenant.id,
      receiptId: receipt.receiptId,
      noticeNumber: receipt.noticeNumber,
      iuv: receipt.creditorReferenceId,
      noticeId: notice?.id ?? null,
      outcome: receipt.outcome,
      amountCents: receipt.amountCents,
      feeCents: receipt.feeCents,
      pspId: receipt.pspId,
      pspName: receipt.pspCompanyName,
      paidAt: receipt.paymentDateTime,
      payerFiscalCode: receipt.payer?.fiscalCode ?? receipt.debtor?.fiscalCode ?? null,
      payerName: receipt.payer?.fullName ?? receipt.debtor?.fullName ?? null,
      status: flag ? 'FLAGGED' : 'APPLIED',
      flag,
      payload: { source: source.kind, xml: source.raw },
    },
  });
  await recordAudit(tx, {
    tenantId: tenant.id,
    actor: SYSTEM_ACTOR,
    action: flag ? 'RECEIPT_FLAGGED' : 'RECEIPT_APPLIED',
    entityType: 'Receipt',
    entityId: row.id,
    details: {
      receiptId: receipt.receiptId,
      iuv: receipt.creditorReferenceId,
      amountCents: receipt.amountCents,
      source: source.kind,
      ...(flag ? { flag } : {}),
    },
  });
  if (flag || !notice) return { outcome: 'FLAGGED', receiptRowId: row.id, flag: flag ?? 'UNKNOWN_NOTICE' };

  await settleNotice(tx, notice, {
    receiptRowId: row.id,
    paidAt: receipt.paymentDateTime,
    walletText: `Ricarica pagoPA (IUV ${notice.iuv})`,
    by: 'pagoPA',
  });
  return { outcome: 'APPLIED', receiptRowId: row.id, noticeId: notice.id };
}

/**
 * The notice is paid: so are its invoices (in the amounts it carries), or its wallet is credited once. The same
 * for a pagoPA receipt and for money taken at the desk, so a document is paid the same way whichever it was.
 */
export async function settleNotice(tx: Tx, notice: NoticeWithItems, payment: NoticePayment): Promise<void> {
  // pagoPA only takes money for positions it holds, so a DRAFT one (published, not yet marked) was valid.
  const from = notice.state === 'DRAFT' ? moveNotice('DRAFT', 'VALID') : notice.state;
  await tx.paymentNotice.update({
    where: { id: notice.id, tenantId: notice.tenantId },
    data: { state: moveNotice(from, 'PAID'), paidAt: payment.paidAt },
  });

  for (const item of notice.items) {
    const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: item.invoiceId, tenantId: notice.tenantId } });
    const paidCents = invoice.paidCents + item.amountCents;
    const next = paidCents >= invoice.totalCents ? 'PAID' : 'PARTIALLY_PAID';
    await tx.invoice.update({
      where: { id: invoice.id, tenantId: invoice.tenantId },
      data: { paidCents, state: moveInvoice(invoice.state, next) },
    });
  }

  if (notice.purpose === 'TOP_UP' && notice.walletId) {
    await tx.walletMovement.create({
      data: {
        tenantId: notice.tenantId,
        walletId: notice.walletId,
        occurredAt: payment.paidAt,
        kind: 'TOP_UP',
        amountCents: notice.amountCents,
        description: payment.walletText,
        receiptId: payment.receiptRowId,
        createdBy: payment.by,
      },
    });
  }

  const carts = await tx.checkoutCart.findMany({
    where: { tenantId: notice.tenantId, notices: { some: { noticeId: notice.id } } },
    include: { notices: { include: { notice: { select: { id: true, state: true } } } } },
  });
  for (const cart of carts) {
    const allPaid = cart.notices.every((n) => n.notice.id === notice.id || n.notice.state === 'PAID');
    if (allPaid && canMoveCart(cart.state, 'COMPLETED')) {
      await tx.checkoutCart.update({ where: { id: cart.id, tenantId: cart.tenantId }, data: { state: moveCart(cart.state, 'COMPLETED') } });
    }
  }
}
