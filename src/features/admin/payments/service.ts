import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db } from '../../../db/client.ts';
import { formatEuro } from '../../../domain/money.ts';
import { moveInvoice, moveNotice } from '../../../domain/state-machines.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import type { PagoPaGateway } from '../../../pagopa/gateway.ts';
import { ConflictError, NotFoundError } from '../../../web/errors.ts';
import { formError, type FormErrors } from '../../../web/forms.ts';
import type { ResolveReceiptForm } from './schemas.ts';

/** Receipts a clerk must look at (flagged), and the last ones already dealt with. */
export async function reconciliationList(prisma: Db, tenantId: string) {
  const include = { notice: { select: { id: true, noticeNumber: true, subject: true, amountCents: true, state: true, debtorName: true } } };
  const [flagged, resolved] = await Promise.all([
    prisma.receipt.findMany({ where: { tenantId, status: 'FLAGGED' }, include, orderBy: { receivedAt: 'asc' } }),
    prisma.receipt.findMany({ where: { tenantId, status: 'RESOLVED' }, include, orderBy: { resolvedAt: 'desc' }, take: 20 }),
  ]);
  return { flagged, resolved };
}

/**
 * Closes a flagged receipt with what the clerk did: refund noted, applied to another document, or
 * resolved with a note. Applying pays the document in the same transaction; each outcome is audited.
 */
export async function resolveReceipt(
  deps: { prisma: Db; pagopa: PagoPaGateway; now: Date },
  tenant: Tenant,
  actor: Actor,
  receiptRowId: string | undefined,
  form: ResolveReceiptForm,
): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
  if (!receiptRowId || !/^[0-9a-f-]{36}$/i.test(receiptRowId)) throw new NotFoundError();
  const outcome = await inTransaction(deps.prisma, async (tx) => {
    const receipt = await tx.receipt.findFirst({ where: { id: receiptRowId, tenantId: tenant.id } });
    if (!receipt) throw new NotFoundError();
    if (receipt.status !== 'FLAGGED') throw new ConflictError('Questa ricevuta è già stata gestita.');
    let resolution: string;
    const paidOutside: { noticeId: string; noticeNumber: string }[] = [];
    if (form.azione === 'applica') {
      const invoice = await tx.invoice.findFirst({
        where: { tenantId: tenant.id, number: form.documento },
        include: { noticeItems: { where: { notice: { state: 'VALID' } }, include: { notice: true } } },
      });
      if (!invoice) return { ok: false as const, errors: formError('documento', `Nessun documento con numero ${form.documento}.`) };
      const due = invoice.totalCents - invoice.paidCents;
      if (invoice.state !== 'ISSUED' && invoice.state !== 'PARTIALLY_PAID')
        return { ok: false as const, errors: formError('documento', `Il documento ${invoice.number} non ha importi da pagare.`) };
      if (receipt.amountCents > due) {
        return {
          ok: false as const,
          errors: formError(
            'documento',
            `La ricevuta (${formatEuro(receipt.amountCents)}) supera il residuo del documento (${formatEuro(due)}).`,
          ),
        };
      }
      const paidCents = invoice.paidCents + receipt.amountCents;
      const next = paidCents >= invoice.totalCents ? 'PAID' : 'PARTIALLY_PAID';
      await tx.invoice.update({
        where: { id: invoice.id, tenantId: invoice.tenantId },
        data: { paidCents, state: moveInvoice(invoice.state, next) },
      });
      // The document's own notice can no longer be paid: mark it paid here and, after commit, on pagoPA.
      if (next === 'PAID') {
        for (const item of invoice.noticeItems) {
          await tx.paymentNotice.update({
            where: { id: item.notice.id, tenantId: item.notice.tenantId },
            data: { state: moveNotice(item.notice.state, 'PAID'), paidAt: deps.now },
          });
          paidOutside.push({ noticeId: item.notice.id, noticeNumber: item.notice.noticeNumber });
        }
      }
      resolution = `Applicata al documento ${invoice.number}${form.nota ? `: ${form.nota}` : ''}`;
    } else {
      resolution = form.azione === 'rimborso' ? `Rimborso: ${form.nota}` : form.nota;
    }
    await tx.receipt.update({
      where: { id: receipt.id, tenantId: receipt.tenantId },
      data: { status: 'RESOLVED', resolution, resolvedBy: actor.label ?? actor.kind, resolvedAt: deps.now },
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'RECEIPT_RESOLVED',
      entityType: 'Receipt',
      entityId: receipt.id,
      details: { action: form.azione, resolution, flag: receipt.flag },
    });
    return { ok: true as const, paidOutside, paidAt: deps.now };
  });
  if (!outcome.ok) return outcome;
  for (const notice of outcome.paidOutside) {
    await deps.pagopa.markPaidOutside(tenant.fiscalCode, notice.noticeNumber, {
      paymentDate: outcome.paidAt,
      paymentMethod: 'OTHER',
      pspCompany: 'Riconciliazione manuale',
    });
  }
  return { ok: true };
}
