import { actorOf, recordAudit } from '../../audit.ts';
import type { SessionAuth } from '../../auth/session-auth.ts';
import { inTransaction, isUniqueViolation, type Db } from '../../db/client.ts';
import { formatItalianDateTime, romeDateOf, toDbDate } from '../../domain/dates.ts';
import { formatNoticeNumber } from '../../domain/notice-number.ts';
import type { DeskPayment, DeskPaymentMethod, PaymentNotice, Tenant } from '../../generated/prisma/client.ts';
import { settleNotice } from '../../pagopa/apply-receipt.ts';
import { PagoPaRefusedError } from '../../pagopa/gateway.ts';
import { DomainRuleError, NotFoundError } from '../../web/errors.ts';
import type { Translate } from '../../web/i18n.ts';
import { deskReceiptBytes } from '../payments/documents.ts';
import type { PaymentDeps } from '../payments/service.ts';

const GPD_METHOD = { CASH: 'CASH', POS: 'CREDIT_CARD' } as const;
const METHOD_TEXT: Record<DeskPaymentMethod, string> = { CASH: 'contanti', POS: 'POS' };

/**
 * Money taken at the desk for a notice, in one transaction: the notice row is locked (a second cashier waits,
 * then finds it paid), pagoPA is told it was paid outside (GPD "paids", so no PSP takes it again), and the notice
 * is settled exactly as a pagoPA receipt settles it. A pagoPA refusal rolls everything back. The unique noticeId
 * of DeskPayment stands behind the lock.
 */
export async function recordDeskPayment(
  deps: PaymentDeps,
  tenant: Tenant,
  auth: SessionAuth,
  guardianId: string,
  noticeId: string,
  method: DeskPaymentMethod,
): Promise<DeskPayment> {
  const actor = actorOf(auth);
  const cashierName = auth.displayName;
  const paidAt = deps.clock.now();
  try {
    return await inTransaction(
      deps.prisma,
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "PaymentNotice" WHERE id = ${noticeId}::uuid AND "tenantId" = ${tenant.id}::uuid FOR UPDATE`;
        const notice = await tx.paymentNotice.findFirst({
          where: { id: noticeId, tenantId: tenant.id },
          include: { items: { include: { invoice: { select: { state: true } } } }, deskPayment: true },
        });
        if (!notice) throw new NotFoundError();
        refuseIfNotPayable(notice);
        const payment = await tx.deskPayment.create({
          data: {
            tenantId: tenant.id,
            noticeId: notice.id,
            method,
            amountCents: notice.amountCents,
            paidAt,
            paidOn: toDbDate(romeDateOf(paidAt)),
            cashierId: auth.accountId,
            cashierName,
            guardianId,
          },
        });
        await markPaidOnPagoPa(deps, tenant, notice.noticeNumber, method, paidAt);
        await settleNotice(tx, notice, {
          receiptRowId: null,
          paidAt,
          walletText: `Ricarica allo sportello in ${METHOD_TEXT[method]} (IUV ${notice.iuv})`,
          by: cashierName,
        });
        await recordAudit(tx, {
          tenantId: tenant.id,
          actor,
          action: 'DESK_PAYMENT_RECORDED',
          entityType: 'DeskPayment',
          entityId: payment.id,
          details: { noticeNumber: notice.noticeNumber, iuv: notice.iuv, amountCents: notice.amountCents, method },
        });
        return payment;
      },
      // pagoPA is called with the row locked: give its timeouts and retries room
      { timeoutMs: 60_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainRuleError('Questo avviso è appena stato pagato allo sportello: ricarica la pagina.', 409);
    throw error;
  }
}

type NoticeWithDeskPayment = Pick<PaymentNotice, 'noticeNumber' | 'state'> & {
  deskPayment: Pick<DeskPayment, 'paidAt' | 'cashierName'> | null;
};

/** Why the desk cannot take money for this notice, said to the cashier; nothing when it can. */
function refuseIfNotPayable(notice: NoticeWithDeskPayment): void {
  const code = formatNoticeNumber(notice.noticeNumber);
  if (notice.deskPayment)
    throw new DomainRuleError(
      `L'avviso ${code} è già stato pagato allo sportello il ${formatItalianDateTime(notice.deskPayment.paidAt)} (${notice.deskPayment.cashierName}): non si può incassare due volte.`,
      409,
    );
  if (notice.state === 'PAID')
    throw new DomainRuleError(`L'avviso ${code} risulta già pagato con pagoPA: non si può incassare di nuovo allo sportello.`, 409);
  if (notice.state !== 'VALID')
    throw new DomainRuleError(`L'avviso ${code} non è più pagabile (annullato o scaduto): generane uno nuovo.`, 409);
}

/**
 * Before a row of the family's page is paid at the desk: if its notice was paid in the meantime (or its invoice,
 * through one of its notices), say how — pagoPA or this desk — instead of the generic "already paid".
 */
export async function refusePaidRow(prisma: Db, tenantId: string, rowKey: string): Promise<void> {
  const [kind, id] = rowKey.split(':');
  const paid = await prisma.paymentNotice.findFirst({
    where: {
      tenantId,
      state: 'PAID',
      ...(kind === 'n' ? { id } : { items: { some: { tenantId, invoiceId: id, invoice: { state: 'PAID' } } } }),
    },
    include: { deskPayment: true },
    orderBy: { paidAt: 'desc' },
  });
  if (paid) refuseIfNotPayable(paid);
}

async function markPaidOnPagoPa(deps: PaymentDeps, tenant: Tenant, noticeNumber: string, method: DeskPaymentMethod, paidAt: Date) {
  try {
    await deps.pagopa.markPaidOutside(tenant.fiscalCode, noticeNumber, {
      paymentDate: paidAt,
      paymentMethod: GPD_METHOD[method],
      pspCompany: `Sportello ${tenant.name}`,
    });
  } catch (error) {
    if (!(error instanceof PagoPaRefusedError)) throw error;
    // GPD refuses a position it no longer holds as payable: most often paid through a PSP, receipt still on its way
    throw new DomainRuleError(
      `pagoPA non accetta il pagamento allo sportello dell'avviso ${formatNoticeNumber(noticeNumber)}: risulta già pagato o non più pagabile. Non incassare: verifica con l'ufficio.`,
      409,
    );
  }
}

/** The desk receipt (ricevuta di pagamento allo sportello) of a payment of this Comune. */
export async function deskReceiptPdf(deps: PaymentDeps, t: Translate, tenant: Tenant, paymentId: string | undefined) {
  if (!paymentId || !/^[0-9a-f-]{36}$/i.test(paymentId)) throw new NotFoundError();
  const payment = await deps.prisma.deskPayment.findFirst({ where: { id: paymentId, tenantId: tenant.id }, include: { notice: true } });
  if (!payment) throw new NotFoundError();
  return { payment, bytes: await deskReceiptBytes(t, tenant, payment.notice, payment) };
}
