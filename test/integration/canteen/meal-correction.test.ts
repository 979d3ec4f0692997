import { describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import { closeDueDays } from '../../../src/features/canteen/day-close.ts';
import { correctClosedMeal } from '../../../src/features/canteen/meal-correction.ts';
import { anInvoice } from '../../helpers/builders.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { aCanteenComune, rome } from './fixture.ts';

const ctx = useTestContext();
const clerk = { kind: 'STAFF' as const, id: null, label: 'operatore' };

/** A post-paid child whose meals of 16–18 November are closed and on an issued invoice. */
async function anInvoicedChild() {
  const comune = await aCanteenComune(ctx.prisma, 'POSTPAID');
  const { student, guardian } = await comune.aChild();
  await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-18', '09:30:00'));
  const invoice = await anInvoice(
    ctx.prisma,
    { tenantId: comune.tenant.id, guardianId: guardian.id, studentId: student.id },
    { totalCents: 1350, serviceId: comune.service.id, period: '2026-11' },
  );
  await ctx.prisma.booking.updateMany({ where: { studentId: student.id }, data: { invoiceId: invoice.id } });
  return { comune, student, guardian, invoice };
}

const correction = (tenantId: string, studentId: string, newStatus: 'PRESENT' | 'ABSENT' | 'BLAND', reason: string) => ({
  tenantId,
  studentId,
  date: '2026-11-17',
  newStatus,
  reason,
  actor: clerk,
  now: rome('2026-12-03', '10:00:00'),
});

describe('correcting a meal already invoiced (post-paid Comune)', () => {
  it('updates the booking and leaves a pending adjustment for the next invoice, never touching the invoice', async () => {
    const { comune, student, guardian, invoice } = await anInvoicedChild();
    const before = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id }, include: { lines: true } });

    const result = await correctClosedMeal(ctx.prisma, correction(comune.tenant.id, student.id, 'ABSENT', 'Uscito prima di pranzo'));

    expect(result).toMatchObject({ changed: true, deltaCents: -450 });
    const booking = await ctx.prisma.booking.findFirstOrThrow({ where: { studentId: student.id, date: toDbDate('2026-11-17') } });
    expect(booking).toMatchObject({ status: 'ABSENT', chargedCents: 0, invoiceId: invoice.id, correctionWhy: 'Uscito prima di pranzo' });
    const adjustments = await ctx.prisma.billingAdjustment.findMany({ where: { tenantId: comune.tenant.id } });
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0]).toMatchObject({
      id: result.adjustmentId,
      amountCents: -450,
      guardianId: guardian.id,
      studentId: student.id,
      serviceId: comune.service.id,
      invoiceId: invoice.id,
      bookingId: booking.id,
      appliedInvoiceId: null,
      createdBy: 'operatore',
    });
    expect(adjustments[0].description).toMatch(/^Rettifica pasto del 17\/11\/2026 — .+: assente \(Uscito prima di pranzo\)$/);
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id }, include: { lines: true } })).toEqual(before);
    expect(await ctx.prisma.wallet.count({ where: { studentId: student.id } })).toBe(0);
    const audit = await ctx.prisma.auditEvent.findFirst({ where: { tenantId: comune.tenant.id, action: 'BILLING_ADJUSTMENT_CREATED' } });
    expect(audit?.entityId).toBe(adjustments[0].id);
  });

  it('charges more for a meal eaten after all, once however often it is repeated', async () => {
    const { comune, student } = await anInvoicedChild();
    const absent = correction(comune.tenant.id, student.id, 'ABSENT', 'Assente');
    await correctClosedMeal(ctx.prisma, absent);
    const present = correction(comune.tenant.id, student.id, 'PRESENT', 'Era presente, errore di registrazione');
    expect(await correctClosedMeal(ctx.prisma, present)).toMatchObject({ changed: true, deltaCents: 450 });
    expect(await correctClosedMeal(ctx.prisma, present)).toEqual({ changed: false, deltaCents: 0 });
    const amounts = await ctx.prisma.billingAdjustment.findMany({ where: { tenantId: comune.tenant.id }, orderBy: { createdAt: 'asc' } });
    expect(amounts.map((a) => a.amountCents).sort()).toEqual([-450, 450].sort());
  });

  it('keeps a post-paid meal not yet invoiced on its booking alone, with no adjustment', async () => {
    const comune = await aCanteenComune(ctx.prisma, 'POSTPAID');
    const { student } = await comune.aChild();
    await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-18', '09:30:00'));
    expect(await correctClosedMeal(ctx.prisma, correction(comune.tenant.id, student.id, 'ABSENT', 'Assente'))).toEqual({
      changed: true,
      deltaCents: -450,
    });
    expect(await ctx.prisma.billingAdjustment.count({ where: { tenantId: comune.tenant.id } })).toBe(0);
  });
});
