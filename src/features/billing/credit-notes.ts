// Issuing a credit note (nota di credito) on an issued invoice: a new CREDIT_NOTE document with negative lines,
// numbered from the Comune's gap-free sequence in the same transaction. The reversed invoice keeps its lines and
// total; what the credit does to it is decided by planCredit (src/domain/credit-notes.ts).
import { recordAudit, type Actor } from '../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../db/client.ts';
import { planCredit, type CreditPlan } from '../../domain/credit-notes.ts';
import { formatItalianDate, fromDbDate, romeDateOf, toDbDate } from '../../domain/dates.ts';
import type { PaymentNotice, Tenant } from '../../generated/prisma/client.ts';
import type { PagoPaGateway } from '../../pagopa/gateway.ts';
import { cancelNotice, publishNotice, storeDraftWhen } from '../../pagopa/notices.ts';
import { NotFoundError } from '../../web/errors.ts';
import { allocateInvoiceNumbers } from './numbering.ts';

export interface CreditNoteDeps {
  prisma: Db;
  pagopa: PagoPaGateway;
  now: Date;
  /** where a pagoPA failure after the credit note was saved is reported */
  log?: (error: unknown) => void;
}

export interface CreditNoteRequest {
  reason: string;
  /** cents to reverse per line id of the invoice */
  amounts: ReadonlyMap<string, number>;
}

export type CreditNoteOutcome =
  | {
      ok: true;
      creditNote: { id: string; number: string; totalCents: number };
      toInvoiceCents: number;
      toAdjustmentCents: number;
      /** what is left to pay on the invoice after the credit */
      dueCents: number;
      /** the notices withdrawn on pagoPA, and the one issued for the rest (null when nothing is left to pay) */
      cancelledNotices: string[];
      newNotice: PaymentNotice | null;
      /** pagoPA did not answer: the new notice is stored and published at the family's first payment attempt */
      noticeDeferred: boolean;
    }
  | { ok: false; field: string; message: string };

const OPEN_NOTICE = ['DRAFT', 'VALID'] as const;

/** The invoice as a credit note needs it, in this Comune; anything else is 404. */
export async function creditableInvoice(db: Db | Tx, tenantId: string, invoiceId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(invoiceId)) throw new NotFoundError();
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, tenantId },
    include: {
      lines: { where: { tenantId }, orderBy: { position: 'asc' } },
      creditNotes: { where: { tenantId }, select: { totalCents: true } },
      noticeItems: {
        where: { tenantId, notice: { state: { in: [...OPEN_NOTICE] } } },
        include: { notice: { include: { items: { where: { tenantId } } } } },
      },
    },
  });
  if (!invoice) throw new NotFoundError();
  return { ...invoice, creditedCents: -invoice.creditNotes.reduce((sum, note) => sum + note.totalCents, 0) };
}

type Creditable = Awaited<ReturnType<typeof creditableInvoice>>;

const planFor = (invoice: Creditable, request: CreditNoteRequest): CreditPlan => planCredit(invoice, invoice.lines, request.amounts);

/**
 * Issues the credit note. The invoice's open pagoPA notices are withdrawn first (so nobody pays the old amount
 * while the credit is being recorded), then the credit note, the invoice's settlement and any adjustment are
 * written in one transaction that re-checks the limit under the invoice's row lock, then a notice for what is
 * left to pay is issued. A refusal changes nothing.
 */
export async function issueCreditNote(
  deps: CreditNoteDeps,
  tenant: Tenant,
  actor: Actor,
  invoiceId: string,
  request: CreditNoteRequest,
): Promise<CreditNoteOutcome> {
  const before = await creditableInvoice(deps.prisma, tenant.id, invoiceId);
  const firstPlan = planFor(before, request);
  if (!firstPlan.ok) return firstPlan;
  const withdrawn = firstPlan.toInvoiceCents > 0 ? before.noticeItems.map((item) => item.notice) : [];
  for (const notice of withdrawn) await cancelNotice(deps, tenant, notice, actor, deps.now);

  const outcome = await inTransaction(deps.prisma, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Invoice" WHERE id = ${before.id}::uuid AND "tenantId" = ${tenant.id}::uuid FOR UPDATE`;
    const invoice = await creditableInvoice(tx, tenant.id, before.id);
    const plan = planFor(invoice, request);
    if (!plan.ok) return plan;
    const creditNote = await writeCreditNote(tx, tenant.id, actor, invoice, plan, request, deps.now);
    return { ok: true as const, plan, creditNote, dueCents: invoice.totalCents - plan.paidCents };
  });

  const reissued = await reissueNotices(deps, tenant, actor, before.id, withdrawn);
  if (!outcome.ok) return outcome;
  return {
    ok: true,
    creditNote: outcome.creditNote,
    toInvoiceCents: outcome.plan.toInvoiceCents,
    toAdjustmentCents: outcome.plan.toAdjustmentCents,
    dueCents: outcome.dueCents,
    cancelledNotices: withdrawn.map((notice) => notice.noticeNumber),
    newNotice: reissued.notice,
    noticeDeferred: reissued.deferred,
  };
}

async function writeCreditNote(
  tx: Tx,
  tenantId: string,
  actor: Actor,
  invoice: Creditable,
  plan: Extract<CreditPlan, { ok: true }>,
  request: CreditNoteRequest,
  now: Date,
) {
  const today = romeDateOf(now);
  const [number] = await allocateInvoiceNumbers(tx, tenantId, Number(today.slice(0, 4)), 1);
  const reversed = invoice.lines.filter((line) => (request.amounts.get(line.id) ?? 0) > 0);
  const note = await tx.invoice.create({
    data: {
      tenantId,
      number,
      kind: 'CREDIT_NOTE',
      creditedInvoiceId: invoice.id,
      issuedOn: toDbDate(today),
      dueOn: toDbDate(today),
      guardianId: invoice.guardianId,
      studentId: invoice.studentId,
      serviceId: invoice.serviceId,
      period: invoice.period,
      description: `Nota di credito sul documento n. ${invoice.number} del ${formatItalianDate(fromDbDate(invoice.issuedOn))}: ${request.reason}`,
      totalCents: -plan.creditCents,
      // Settled the moment it is issued: its amount goes to the invoice or to an adjustment, never to be paid.
      paidCents: -plan.creditCents,
      state: 'PAID',
      lines: {
        create: reversed.map((line, i) => {
          const cents = request.amounts.get(line.id)!;
          const whole = cents === line.amountCents && line.quantity * line.unitCents === line.amountCents;
          return {
            tenantId,
            position: i + 1,
            studentId: line.studentId,
            description: `Storno: ${line.description}`,
            quantity: whole ? line.quantity : 1,
            unitCents: whole ? -line.unitCents : -cents,
            amountCents: -cents,
          };
        }),
      },
    },
  });
  if (plan.toInvoiceCents > 0) {
    await tx.invoice.update({ where: { id: invoice.id, tenantId }, data: { paidCents: plan.paidCents, state: plan.state } });
  }
  let adjustmentId: string | null = null;
  if (plan.toAdjustmentCents > 0) {
    const students = [...new Set(reversed.map((line) => line.studentId))];
    const adjustment = await tx.billingAdjustment.create({
      data: {
        tenantId,
        guardianId: invoice.guardianId,
        serviceId: invoice.serviceId!,
        studentId: invoice.studentId ?? (students.length === 1 ? students[0] : null),
        amountCents: -plan.toAdjustmentCents,
        description: `Nota di credito n. ${number} sul documento n. ${invoice.number}: ${request.reason}`,
        invoiceId: invoice.id,
        createdBy: actor.label ?? actor.kind,
      },
    });
    adjustmentId = adjustment.id;
  }
  await recordAudit(tx, {
    tenantId,
    actor,
    action: 'CREDIT_NOTE_ISSUED',
    entityType: 'Invoice',
    entityId: note.id,
    details: {
      number,
      creditedInvoice: invoice.number,
      creditCents: plan.creditCents,
      toInvoiceCents: plan.toInvoiceCents,
      toAdjustmentCents: plan.toAdjustmentCents,
      reason: request.reason,
      lines: reversed.map((line) => ({ lineId: line.id, cents: request.amounts.get(line.id)! })),
      ...(adjustmentId ? { adjustmentId } : {}),
    },
    before: { paidCents: invoice.paidCents, state: invoice.state },
    after: { paidCents: plan.paidCents, state: plan.state },
  });
  return { id: note.id, number, totalCents: note.totalCents };
}

/**
 * A new notice in place of each withdrawn one, for what is now due on the invoice (other invoices a notice
 * carried keep their amounts); none when nothing is left to pay. Two clerks crediting the same invoice at once
 * both withdrew its notice: the check for an open one and the new draft are one transaction under the invoice's
 * row lock, so only one of them puts a notice back.
 */
async function reissueNotices(
  deps: CreditNoteDeps,
  tenant: Tenant,
  actor: Actor,
  invoiceId: string,
  withdrawn: (PaymentNotice & { items: { invoiceId: string; amountCents: number }[] })[],
): Promise<{ notice: PaymentNotice | null; deferred: boolean }> {
  const issued: { notice: PaymentNotice | null; deferred: boolean } = { notice: null, deferred: false };
  for (const old of withdrawn) {
    let alreadyOpen = false;
    const draft = await storeDraftWhen(deps.prisma, tenant, actor, async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Invoice" WHERE id = ${invoiceId}::uuid AND "tenantId" = ${tenant.id}::uuid FOR UPDATE`;
      alreadyOpen =
        (await tx.paymentNoticeItem.count({
          where: { tenantId: tenant.id, invoiceId, notice: { state: { in: [...OPEN_NOTICE] } } },
        })) > 0;
      if (alreadyOpen) return null;
      const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId, tenantId: tenant.id } });
      const open = invoice.state === 'ISSUED' || invoice.state === 'PARTIALLY_PAID';
      const due = open ? invoice.totalCents - invoice.paidCents : 0;
      const items = old.items
        .map((item) => (item.invoiceId === invoiceId ? { ...item, amountCents: Math.min(item.amountCents, due) } : item))
        .filter((item) => item.amountCents > 0)
        .map(({ invoiceId: id, amountCents }) => ({ invoiceId: id, amountCents }));
      if (items.length === 0) return null;
      return {
        purpose: old.purpose,
        amountCents: items.reduce((sum, item) => sum + item.amountCents, 0),
        subject: old.subject,
        dueOn: old.dueOn ? fromDbDate(old.dueOn) : null,
        debtor: { fiscalCode: old.debtorFiscalCode, name: old.debtorName, isCompany: /^\d{11}$/.test(old.debtorFiscalCode) },
        studentId: old.studentId,
        walletId: old.walletId,
        items,
      };
    });
    if (alreadyOpen) break;
    if (!draft) continue;
    try {
      issued.notice = await publishNotice(deps, tenant, draft, actor);
    } catch (error) {
      // The DRAFT is kept: the parent's payment page publishes it (publishNotice) when pagoPA answers again.
      deps.log?.(error);
      issued.deferred = true;
    }
  }
  return issued;
}
