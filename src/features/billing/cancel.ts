// Cancelling a whole run while nothing of it has been paid: its notices withdrawn on pagoPA, its SDD file withdrawn
// while the bank has given no outcome for it, its invoices CANCELLED (numbers never reused), the month free to be
// billed again — bookings unlinked, adjustments pending again.
import { recordAudit, recordAudits, type Actor } from '../../audit.ts';
import { inTransaction, type Tx } from '../../db/client.ts';
import type { AppDeps } from '../../deps.ts';
import { canMoveInvoice, moveInvoice } from '../../domain/state-machines.ts';
import type { BillingRun, Tenant } from '../../generated/prisma/client.ts';
import { cancelNotice } from '../../pagopa/notices.ts';
import { ConflictError, NotFoundError } from '../../web/errors.ts';
import { eachLimited, PAGOPA_CONCURRENCY } from './limited.ts';

const PAID_MESSAGE =
  "Un documento dell'emissione è già stato pagato (anche in parte) o la banca ha già dato l'esito del suo addebito SDD: l'emissione non può essere annullata.";

/** Still waiting at the bank (IN_COLLECTION) is no outcome yet: the file is withdrawn with the run. */
const hasOutcome = (i: { directDebit: string }) => i.directDebit === 'COLLECTED' || i.directDebit === 'RETURNED';

type CancelDeps = Pick<AppDeps, 'prisma' | 'pagopa' | 'clock'>;

async function assertNothingPaid(deps: CancelDeps, tenantId: string, runId: string): Promise<void> {
  const touched = await deps.prisma.invoice.count({
    where: {
      tenantId,
      billingRunId: runId,
      OR: [
        { paidCents: { gt: 0 } },
        { state: { in: ['PAID', 'PARTIALLY_PAID'] } },
        { directDebit: { in: ['COLLECTED', 'RETURNED'] } },
        { noticeItems: { some: { notice: { state: 'PAID' } } } },
      ],
    },
  });
  if (touched) throw new ConflictError(PAID_MESSAGE);
}

/**
 * The run's SDD files are withdrawn: marked so, and the mandates whose first debit (FRST) was in them go back to
 * never collected, so the next file debits them as FRST again. Returns how many files were withdrawn.
 */
async function withdrawSddBatches(tx: Tx, tenantId: string, runId: string, actor: Actor, now: Date): Promise<number> {
  const batches = await tx.sddBatch.findMany({ where: { tenantId, billingRunId: runId, withdrawnAt: null }, select: { id: true } });
  if (!batches.length) return 0;
  const batchIds = batches.map((b) => b.id);
  const firsts = await tx.sddBatchItem.findMany({
    where: { tenantId, batchId: { in: batchIds }, sequenceType: 'FRST' },
    select: { mandateId: true },
  });
  await tx.sddMandate.updateMany({ where: { tenantId, id: { in: firsts.map((f) => f.mandateId) } }, data: { firstCollectedOn: null } });
  await tx.sddBatch.updateMany({
    where: { tenantId, id: { in: batchIds } },
    data: { withdrawnAt: now, withdrawnBy: actor.label ?? actor.kind },
  });
  await recordAudits(
    tx,
    batchIds.map((id) => ({
      tenantId,
      actor,
      action: 'SDD_BATCH_WITHDRAWN',
      entityType: 'SddBatch',
      entityId: id,
      details: { billingRunId: runId },
    })),
  );
  return batchIds.length;
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
    if (invoices.some((i) => i.paidCents > 0 || hasOutcome(i) || !canMoveInvoice(i.state, 'CANCELLED')))
      throw new ConflictError(PAID_MESSAGE);
    const ids = invoices.map((i) => i.id);
    const batches = await withdrawSddBatches(tx, tenant.id, run.id, actor, now);
    await tx.invoice.updateMany({
      where: { tenantId: tenant.id, id: { in: ids }, state: 'ISSUED' },
      data: { state: moveInvoice('ISSUED', 'CANCELLED'), billingKey: null, directDebit: 'NONE' },
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
      details: { invoices: invoices.length, notices: notices.length, sddBatchesWithdrawn: batches },
    });
    return cancelled;
  });
}
