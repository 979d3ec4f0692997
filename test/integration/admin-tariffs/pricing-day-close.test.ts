// The one price function as the day close uses it: what each child's wallet is debited.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/audit.ts';
import { toDbDate } from '../../../src/domain/dates.ts';
import { withdrawEnrollment } from '../../../src/features/admin/enrollments/service.ts';
import { closeServiceDay } from '../../../src/features/canteen/day-close.ts';
import { aTariff } from '../../helpers/builders.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { aCanteenComune, rome } from '../canteen/fixture.ts';

const ctx = useTestContext();

/** The MEAL debits of a child's wallet, in cents, by day. */
async function debitsOf(studentId: string): Promise<Record<string, number>> {
  const movements = await ctx.prisma.walletMovement.findMany({
    where: { wallet: { studentId }, kind: 'MEAL' },
    include: { booking: true },
    orderBy: { occurredAt: 'asc' },
  });
  return Object.fromEntries(movements.map((m) => [m.booking!.date.toISOString().slice(0, 10), m.amountCents]));
}

const close = (comune: Awaited<ReturnType<typeof aCanteenComune>>, day: string) =>
  closeServiceDay(ctx.prisma, comune.tenant, day, rome(day, '10:00:00'));

describe('the price function through the day close', () => {
  it('debits the younger sibling the reduced price, and the full price once the older one has left', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const older = await comune.aChild({ birthDate: '2017-03-01' });
    const younger = await comune.aChild({ siblingOf: older, birthDate: '2019-06-15' });
    await close(comune, '2026-11-16');
    expect(await debitsOf(older.student.id)).toEqual({ '2026-11-16': -450 });
    expect(await debitsOf(younger.student.id)).toEqual({ '2026-11-16': -360 }); // 4,50 € − 20%

    const olderEnrollment = await ctx.prisma.enrollment.findFirstOrThrow({ where: { studentId: older.student.id } });
    await withdrawEnrollment(ctx.prisma, {
      tenantId: comune.tenant.id,
      enrollmentId: olderEnrollment.id,
      form: { withdrawnOn: '2026-11-18', withdrawalReason: 'Trasferimento' },
      actor: SYSTEM_ACTOR,
    });
    await close(comune, '2026-11-17');
    await close(comune, '2026-11-18');
    expect(await debitsOf(older.student.id)).toEqual({ '2026-11-16': -450, '2026-11-17': -450 });
    expect(await debitsOf(younger.student.id)).toEqual({ '2026-11-16': -360, '2026-11-17': -360, '2026-11-18': -450 });
  });

  it('follows a new tariff version from its first day, in the middle of the month, and makes the third child free', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    await ctx.prisma.tariff.update({ where: { id: comune.tariff.id }, data: { code: 'UNICA', laterSiblingReductionPct: 100 } });
    await aTariff(ctx.prisma, comune.service, {
      code: 'UNICA',
      amountCents: 500,
      siblingReductionPct: 20,
      laterSiblingReductionPct: 100,
      validFrom: toDbDate('2026-11-17'),
    });
    const first = await comune.aChild({ birthDate: '2016-01-10' });
    const second = await comune.aChild({ siblingOf: first, birthDate: '2018-02-20' });
    const third = await comune.aChild({ siblingOf: first, birthDate: '2020-03-30' });
    await close(comune, '2026-11-16');
    await close(comune, '2026-11-17');
    expect(await debitsOf(first.student.id)).toEqual({ '2026-11-16': -450, '2026-11-17': -500 });
    expect(await debitsOf(second.student.id)).toEqual({ '2026-11-16': -360, '2026-11-17': -400 });
    expect(await debitsOf(third.student.id)).toEqual({});
    const free = await ctx.prisma.booking.findFirstOrThrow({ where: { studentId: third.student.id, date: toDbDate('2026-11-17') } });
    expect(free).toMatchObject({ status: 'PRESENT', chargedCents: 0 });
  });

  it('charges nothing to an exempt child, and prices by the ISEE band of the enrollment', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    await ctx.prisma.tariff.update({ where: { id: comune.tariff.id }, data: { iseeFromCents: 800001 } });
    await aTariff(ctx.prisma, comune.service, { code: 'AGEVOLATA', amountCents: 250, iseeFromCents: null, iseeToCents: 800000 });
    const exempt = await comune.aChild();
    const low = await comune.aChild();
    await ctx.prisma.enrollment.updateMany({ where: { studentId: exempt.student.id }, data: { exemptionReason: 'Servizi sociali' } });
    await ctx.prisma.enrollment.updateMany({ where: { studentId: low.student.id }, data: { iseeCents: 800000 } });
    await close(comune, '2026-11-16');
    expect(await debitsOf(exempt.student.id)).toEqual({});
    expect(await debitsOf(low.student.id)).toEqual({ '2026-11-16': -250 });
  });
});
