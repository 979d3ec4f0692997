// A clerk's correction of a closed canteen day. The booking always takes the new status and charge; the money
// follows the Comune's billing: a wallet movement (prepaid), the accrued charge of an invoice still to come
// (post-paid), or — once the meal is on an issued invoice — a pending adjustment for the family's next invoice.
import { recordAudit, type Actor } from '../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../db/client.ts';
import { systemClock } from '../../domain/clock.ts';
import { formatItalianDate, toDbDate, type IsoDate } from '../../domain/dates.ts';
import type { MealStatus } from '../../domain/meal-day.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import { DomainRuleError, NotFoundError } from '../../web/errors.ts';
import { loadPriceBook, pricedEnrollmentSelect } from '../pricing/inputs.ts';
import { mealCharge } from './day-close.ts';

const STATUS_WORDS: Record<MealStatus, string> = { PRESENT: 'presente', ABSENT: 'assente', BLAND: 'pasto in bianco' };

interface WalletMove {
  studentId: string;
  serviceId: string;
  kind: 'MEAL' | 'CORRECTION';
  /** signed: negative debits the wallet */
  amountCents: number;
  description: string;
  bookingId: string;
}

/** Signed movements on the children's canteen wallets (opened on first use); a balance may go negative. */
async function moveWallets(tx: Tx, tenantId: string, moves: WalletMove[], by: { occurredAt: Date; actor: Actor }): Promise<void> {
  if (moves.length === 0) return;
  const owners = {
    tenantId,
    studentId: { in: moves.map((m) => m.studentId) },
    serviceId: { in: [...new Set(moves.map((m) => m.serviceId))] },
  };
  await tx.wallet.createMany({
    data: moves.map((m) => ({ tenantId, studentId: m.studentId, serviceId: m.serviceId })),
    skipDuplicates: true,
  });
  const wallets = await tx.wallet.findMany({ where: owners, select: { id: true, studentId: true, serviceId: true } });
  const walletIds = new Map(wallets.map((w) => [`${w.studentId}/${w.serviceId}`, w.id]));
  const walletOf = (m: WalletMove) => walletIds.get(`${m.studentId}/${m.serviceId}`)!;
  await tx.walletMovement.createMany({
    data: moves.map((m) => ({
      tenantId,
      walletId: walletOf(m),
      occurredAt: by.occurredAt,
      kind: m.kind,
      amountCents: m.amountCents,
      description: m.description,
      bookingId: m.bookingId,
      createdBy: by.actor.label ?? by.actor.kind,
    })),
  });
}

/**
 * A clerk's correction of a closed day (the attendance page): the booking takes the new status and charge, and the
 * difference is put right — a CORRECTION movement on a prepaid wallet; for a post-paid Comune the booking's accrued
 * amount for an invoice still to come or, when the meal is already invoiced, a pending BillingAdjustment (the issued
 * invoice is never touched). Audited with the reason; repeating it changes nothing.
 */
export async function correctClosedMeal(
  db: Db,
  input: { tenantId: string; studentId: string; date: IsoDate; newStatus: MealStatus; reason: string; actor: Actor; now?: Date },
): Promise<{ changed: boolean; deltaCents: number; adjustmentId?: string }> {
  const reason = input.reason.trim();
  if (!reason) throw new DomainRuleError('Indica il motivo della correzione.');
  const now = input.now ?? systemClock.now();
  const date = toDbDate(input.date);
  return inTransaction(db, async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: { billingMode: true } });
    const closing = await tx.serviceDayClosing.findUnique({ where: { tenantId_date: { tenantId: input.tenantId, date } } });
    const booking = await tx.booking.findUnique({
      where: { tenantId_studentId_date: { tenantId: input.tenantId, studentId: input.studentId, date } },
    });
    const enrollment = await tx.enrollment.findFirst({
      where: { tenantId: input.tenantId, studentId: input.studentId, schoolYear: schoolYearOf(input.date), service: { kind: 'CANTEEN' } },
      select: { id: true, ...pricedEnrollmentSelect },
    });
    if (!enrollment) throw new NotFoundError();
    if (!closing) throw new DomainRuleError('Il giorno non è ancora chiuso: fino alla chiusura valgono le richieste dei genitori.');
    if (booking?.closedAt && booking.status === input.newStatus) return { changed: false, deltaCents: 0 };
    const oldCharge = booking?.closedAt ? (booking.chargedCents ?? 0) : 0;
    const prices = await loadPriceBook(tx, input.tenantId, [enrollment]);
    const newCharge = mealCharge({ pricing: prices.inputFor(enrollment, input.date) }, input.newStatus);
    const correction = {
      status: input.newStatus,
      chargedCents: newCharge,
      correctedAt: now,
      correctedBy: input.actor.label ?? input.actor.kind,
      correctionWhy: reason,
    };
    const saved = await tx.booking.upsert({
      where: { tenantId_studentId_date: { tenantId: input.tenantId, studentId: input.studentId, date } },
      create: { tenantId: input.tenantId, studentId: input.studentId, date, closedAt: now, ...correction },
      update: { closedAt: booking?.closedAt ?? now, ...correction },
    });
    const deltaCents = newCharge - oldCharge;
    let adjustmentId: string | undefined;
    if (tenant.billingMode === 'PREPAID' && deltaCents !== 0) {
      const move = {
        studentId: input.studentId,
        serviceId: enrollment.serviceId,
        kind: 'CORRECTION' as const,
        amountCents: -deltaCents,
        description: `Correzione pasto del ${formatItalianDate(input.date)}: ${reason}`,
        bookingId: saved.id,
      };
      await moveWallets(tx, input.tenantId, [move], { occurredAt: now, actor: input.actor });
    } else if (saved.invoiceId && deltaCents !== 0) {
      adjustmentId = await adjustInvoicedMeal(tx, { ...input, reason, serviceId: enrollment.serviceId }, saved, deltaCents);
    }
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'CANTEEN_MEAL_CORRECTED',
      entityType: 'Booking',
      entityId: saved.id,
      details: {
        day: input.date,
        from: booking?.closedAt ? booking.status : null,
        to: input.newStatus,
        oldCharge,
        newCharge,
        reason,
        ...(adjustmentId ? { invoiceId: saved.invoiceId, adjustmentId } : {}),
      },
    });
    return { changed: true, deltaCents, ...(adjustmentId ? { adjustmentId } : {}) };
  });
}

/** The invoiced meal's difference, pending for the family's next invoice of the service; returns its id. */
async function adjustInvoicedMeal(
  tx: Tx,
  input: { tenantId: string; studentId: string; date: IsoDate; newStatus: MealStatus; reason: string; actor: Actor; serviceId: string },
  booking: { id: string; invoiceId: string | null },
  deltaCents: number,
): Promise<string> {
  const student = await tx.student.findUniqueOrThrow({
    where: { id: input.studentId, tenantId: input.tenantId },
    select: { guardianId: true, firstName: true, lastName: true },
  });
  const adjustment = await tx.billingAdjustment.create({
    data: {
      tenantId: input.tenantId,
      guardianId: student.guardianId,
      serviceId: input.serviceId,
      studentId: input.studentId,
      amountCents: deltaCents,
      description:
        `Rettifica pasto del ${formatItalianDate(input.date)} — ${student.firstName} ${student.lastName}: ` +
        `${STATUS_WORDS[input.newStatus]} (${input.reason})`,
      invoiceId: booking.invoiceId,
      bookingId: booking.id,
      createdBy: input.actor.label ?? input.actor.kind,
    },
  });
  await recordAudit(tx, {
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'BILLING_ADJUSTMENT_CREATED',
    entityType: 'BillingAdjustment',
    entityId: adjustment.id,
    details: { amountCents: deltaCents, invoiceId: booking.invoiceId, bookingId: booking.id, description: adjustment.description },
  });
  return adjustment.id;
}
