// Cancelling a whole run while nothing of it has been paid: its notices withdrawn on pagoPA, its invoices CANCELLED
// (numbers never reused), the month free to be billed again — bookings unlinked, adjustments pending again.
import { recordAudit, recordAudits, type Actor } from '../../audit.ts';
import { inTransaction } from '../../db/client.ts';
import type { AppDeps } from '../../deps.ts';
import { canMoveInvoice, moveInvoice } from '../../domain/state-machines.ts';
import type { BillingRun, Tenant } from '../../generated/prisma/client.ts';
import { cancelNotice } from '../../pagopa/notices.ts';
import { ConflictError, NotFoundError } from '../../web/errors.ts';
import { eachLimited, PAGOPA_CONCURRENCY } from './limited.ts';

const PAID_MESSAGE =
  "Un documento dell'emissione è già stato pagato (anche in parte) o è in addebito SDD: l'emissione non può essere annullata.";

type CancelDeps = Pick<AppDeps, 'prisma' | 'pagopa' | 'clock'>;

async function assertNothingPaid(deps: CancelDeps, tenantId: string, runId: string): Promise<void> {
  const touched = await deps.prisma.invoice.count({
    where: {
      tenantId,
      billingRunId: runId,
      OR: [
        { paidCents: { gt: 0 } },
        { state: { in: ['PAID', 'PARTIALLY_PAID'] } },
        { directDebit: { not: 'NONE' } },
        { sddBatchId: { not: null } },
        { noticeItems: { some: { notice: { state: 'PAID' } } } },
      ],
    },
  });
  if (touched) throw new ConflictError(PAID_MESSAGE);
}

/**
 * Only a DONE or FAILED run (one still queued or running is left to finish first). Every VALID or DRAFT notice is
 * cancelled through the adapter first, a few at a time; a payment that lands meanwhile stops the cancel there.
 */
export async function cancelRun(deps: CancelDeps, tenant: Tenant, runId: string, actor: Actor): Promise<BillingRun> {
  const run = await deps.prisma.billingRun.findFirst({ where: { id: runId, tenantId: tenant.id } });
  if (!run) throw new NotFoundError();
  if (run.state === 'CANCELLED') return run;
  if (run.state !== 'DONE' && run.state !== 'FAILED')
    throw new ConflictError("L'emissione è ancora in corso: attendi che finisca per annullarla.");
  await assertNothingPaid(deps, tenant.id, run.id);
  const notices = await deps.prisma.paymentNotice.findMany({
    where: { tenantId: tenant.id, state: { in: ['DRAFT', 'VALID'] }, items: { some: { invoice: { billingRunId: run.id } } } },
  });
  const now = deps.clock.now();
  await eachLimited(notices, PAGOPA_CONCURRENCY, async (notice) => {
    await cancelNotice(deps, tenant, notice, actor, now);
  });

  return inTransaction(deps.prisma, async (tx) => {
    const invoices = await tx.invoice.findMany({
      where: { tenantId: tenant.id, billingRunId: run.id, state: { not: 'CANCELLED' } },
      select: { id: true, number: true, state: true, paidCents: true, directDebit: true },
    });
    if (invoices.some((i) => i.paidCents > 0 || i.directDebit !== 'NONE' || !canMoveInvoice(i.state, 'CANCELLED')))
      throw new ConflictError(PAID_MESSAGE);
    const ids = invoices.map((i) => i.id);
    await tx.invoice.updateMany({
      where: { tenantId: tenant.id, id: { in: ids }, state: 'ISSUED' },
      data: { state: moveInvoice('ISSUED', 'CANCELLED'), billingKey: null },
    });
    // numbers stay on the cancelled invoices: the sequence never gives them again
    await tx.invoice.updateMany({ where: { tenantId: tenant.id, billingRunId: run.id }, data: { billingKey: null } });
    await tx.booking.updateMany({ where: { tenantId: tenant.id, invoiceId: { in: ids } }, data: { invoiceId: null } });
    await tx.billingAdjustment.updateMany({
      where: { tenantId: tenant.id, appliedInvoiceId: { in: ids } },
      data: { appliedInvoiceId: null },
    });
    const cancelled = await tx.billingRun.update({
      where: { id: run.id, tenantId: tenant.id },
      data: { state: 'CANCELLED', cancelledAt: now, cancelledBy: actor.label ?? actor.kind },
    });
    await recordAudits(
      tx,
      invoices.map((i) => ({
        tenantId: tenant.id,
        actor,
        action: 'INVOICE_CANCELLED',
        entityType: 'Invoice',
        entityId: i.id,
        details: { number: i.number, billingRunId: run.id },
      })),
    );
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'BILLING_RUN_CANCELLED',
      entityType: 'BillingRun',
      entityId: run.id,
      details: { invoices: invoices.length, notices: notices.length },
    });
    return cancelled;
  });
}
