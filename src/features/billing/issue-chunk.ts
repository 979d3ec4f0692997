// One chunk of a billing run, in the caller's transaction and set-based: a few statements whatever its size —
// numbers, invoices, lines, bookings linked, adjustments applied, DRAFT notices, audit events, progress.
import { recordAudits, type Actor } from '../../audit.ts';
import type { Tx } from '../../db/client.ts';
import { insertRows } from '../../db/bulk.ts';
import { uuidv7 } from '../../db/uuid.ts';
import { billingKeyOf, periodBounds } from '../../domain/billing-run.ts';
import { toDbDate, type IsoDate } from '../../domain/dates.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { storeDraftNotices, type NoticeDraft } from '../../pagopa/notices.ts';
import { enqueueNotifications } from '../notifications/outbox.ts';
import { gatherCharges, invoiceDescriptionOf, type BilledService, type FamilyCharge } from './charges.ts';
import { allocateInvoiceNumbers } from './numbering.ts';
import { issuable } from './preview.ts';

export interface ChunkContext {
  runId: string;
  tenant: Tenant;
  service: BilledService;
  period: string;
  issuedOn: IsoDate;
  dueOn: IsoDate;
  actor: Actor;
}

const INVOICE_COLUMNS = {
  id: 'uuid',
  tenantId: 'uuid',
  number: 'text',
  issuedOn: 'date',
  dueOn: 'date',
  guardianId: 'uuid',
  studentId: 'uuid',
  serviceId: 'uuid',
  period: 'text',
  description: 'text',
  totalCents: 'int',
  billingKey: 'text',
  billingRunId: 'uuid',
};

const LINE_COLUMNS = {
  id: 'uuid',
  tenantId: 'uuid',
  invoiceId: 'uuid',
  position: 'int',
  studentId: 'uuid',
  description: 'text',
  quantity: 'int',
  unitCents: 'int',
  amountCents: 'int',
};

/** One billing of a service and month at a time: chunks of two runs (or two workers) take turns. */
async function lockBilling(tx: Tx, ctx: ChunkContext): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('billing-run'), hashtext(${`${ctx.tenant.id}/${ctx.service.id}/${ctx.period}`}))`;
}

/**
 * Issues the invoices of these families (those not invoiced yet for the service and month: a resumed run skips
 * the ones a previous attempt committed). Must run under READ COMMITTED, so the reads after the lock see what the
 * transaction it waited for committed. Returns what it issued.
 */
export async function issueChunk(
  tx: Tx,
  ctx: ChunkContext,
  guardianIds: string[],
): Promise<{ invoices: number; totalCents: number; notices: number }> {
  const { tenant, service, period } = ctx;
  await lockBilling(tx, ctx);
  const families = issuable((await gatherCharges(tx, tenant.id, service, period, { guardianIds, lock: true })).families);
  const numbers = await allocateInvoiceNumbers(tx, tenant.id, Number(ctx.issuedOn.slice(0, 4)), families.length);
  const invoices = families.map((family, i) => ({ id: uuidv7(), number: numbers[i], family }));
  const description = invoiceDescriptionOf(service, period);
  await insertRows(
    tx,
    'Invoice',
    INVOICE_COLUMNS,
    invoices.map(({ id, number, family }) => ({
      id,
      tenantId: tenant.id,
      number,
      issuedOn: ctx.issuedOn,
      dueOn: ctx.dueOn,
      guardianId: family.guardian.id,
      studentId: family.children.length === 1 ? family.children[0].studentId : null,
      serviceId: service.id,
      period,
      description,
      totalCents: family.totalCents,
      billingKey: billingKeyOf(family.guardian.id, service.id, period),
      billingRunId: ctx.runId,
    })),
  );
  await insertRows(
    tx,
    'InvoiceLine',
    LINE_COLUMNS,
    invoices.flatMap(({ id, family }) =>
      family.lines.map((line, position) => ({ id: uuidv7(), tenantId: tenant.id, invoiceId: id, position: position + 1, ...line })),
    ),
  );
  if (service.billingMode === 'POSTPAID') await linkBookings(tx, tenant.id, period, invoices);
  await applyAdjustments(tx, tenant.id, invoices);
  const drafts = invoices
    .filter(({ family }) => family.guardian.paymentMethod !== 'SDD')
    .map((invoice) => noticeDraftOf(ctx, description, invoice));
  await storeDraftNotices(tx, tenant, drafts, ctx.actor);
  // sent once the run is done and its notices published (the worker dispatches them then)
  await enqueueNotifications(
    tx,
    invoices.map(({ id, family }) => ({
      tenantId: tenant.id,
      guardianId: family.guardian.id,
      kind: 'INVOICE_ISSUED' as const,
      payload: { invoiceId: id, runId: ctx.runId },
      dedupeKey: `invoice:${id}`,
    })),
  );
  await recordAudits(
    tx,
    invoices.map(({ id, number, family }) => ({
      tenantId: tenant.id,
      actor: ctx.actor,
      action: 'INVOICE_ISSUED',
      entityType: 'Invoice',
      entityId: id,
      details: { number, billingRunId: ctx.runId, period, totalCents: family.totalCents },
    })),
  );
  const totalCents = families.reduce((sum, f) => sum + f.totalCents, 0);
  await tx.billingRun.update({
    where: { id: ctx.runId, tenantId: tenant.id },
    data: {
      familiesDone: { increment: guardianIds.length },
      totalCents: { increment: totalCents },
      noticesTotal: { increment: drafts.length },
    },
  });
  return { invoices: invoices.length, totalCents, notices: drafts.length };
}

type Issued = { id: string; number: string; family: FamilyCharge };

/** Every closed, not yet invoiced booking of the month of each invoiced child points at its invoice, absences too. */
async function linkBookings(tx: Tx, tenantId: string, period: string, invoices: readonly Issued[]): Promise<void> {
  const pairs = invoices.flatMap(({ id, family }) => family.children.map((child) => ({ studentId: child.studentId, invoiceId: id })));
  if (!pairs.length) return;
  const { from, to } = periodBounds(period);
  await tx.$executeRaw`
    UPDATE "Booking" b SET "invoiceId" = v."invoiceId"
    FROM unnest(${pairs.map((p) => p.studentId)}::uuid[], ${pairs.map((p) => p.invoiceId)}::uuid[]) AS v("studentId", "invoiceId")
    WHERE b."tenantId" = ${tenantId}::uuid AND b."studentId" = v."studentId" AND b.date BETWEEN ${toDbDate(from)}::date AND ${toDbDate(to)}::date
      AND b."closedAt" IS NOT NULL AND b."invoiceId" IS NULL`;
}

async function applyAdjustments(tx: Tx, tenantId: string, invoices: readonly Issued[]): Promise<void> {
  const pairs = invoices.flatMap(({ id, family }) => family.adjustments.map((a) => ({ adjustmentId: a.id, invoiceId: id })));
  if (!pairs.length) return;
  const applied = await tx.$executeRaw`
    UPDATE "BillingAdjustment" a SET "appliedInvoiceId" = v."invoiceId"
    FROM unnest(${pairs.map((p) => p.adjustmentId)}::uuid[], ${pairs.map((p) => p.invoiceId)}::uuid[]) AS v(id, "invoiceId")
    WHERE a."tenantId" = ${tenantId}::uuid AND a.id = v.id AND a."appliedInvoiceId" IS NULL`;
  // read unapplied in this transaction, so a lower count means another writer got there: start the chunk again
  if (applied !== pairs.length) throw new Error('An adjustment was applied meanwhile');
}

function noticeDraftOf(ctx: ChunkContext, description: string, { id, number, family }: Issued): NoticeDraft {
  return {
    purpose: 'INVOICE',
    amountCents: family.totalCents,
    subject: `${description} — documento n. ${number}`,
    dueOn: ctx.dueOn,
    debtor: {
      fiscalCode: family.guardian.fiscalCode,
      name: family.guardian.name,
      isCompany: family.guardian.isCompany,
      email: family.guardian.email,
    },
    studentId: family.children.length === 1 ? family.children[0].studentId : null,
    items: [{ invoiceId: id, amountCents: family.totalCents }],
  };
}
