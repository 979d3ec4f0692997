import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../../src/db/client.ts';
import { toDbDate } from '../../../src/domain/dates.ts';
import { closeChunk, StaleMealsError } from '../../../src/features/canteen/close-chunk.ts';
import { closeServiceDay, mealCharge } from '../../../src/features/canteen/day-close.ts';
import { expectedMealsForDay } from '../../../src/features/canteen/expected-meals.ts';
import { changeDay } from '../../../src/features/canteen/service.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { aCanteenComune, rome } from './fixture.ts';

const ctx = useTestContext();
const DAY = '2026-11-18';

/** 60 children: present, absent, bland, second siblings, some with a wallet and credit already. */
async function aBusyDay(billingMode: 'PREPAID' | 'POSTPAID' = 'PREPAID') {
  const comune = await aCanteenComune(ctx.prisma, billingMode);
  const children: Awaited<ReturnType<typeof comune.aChild>>[] = [];
  for (let i = 0; i < 60; i++) {
    // every fourth child is the younger sibling of the one before: the price function gives it the reduction
    const elder = i % 4 === 3 ? children[i - 1] : undefined;
    children.push(await comune.aChild(elder ? { siblingOf: elder } : {}));
  }
  for (const [i, child] of children.entries()) {
    const change = i % 5 === 1 ? 'CANCEL' : i % 7 === 2 ? 'BLAND' : null;
    if (change) {
      const request = {
        tenant: comune.tenant,
        auth: child.auth,
        studentId: child.student.id,
        day: DAY,
        now: rome('2026-11-17', '18:00:00'),
      };
      await changeDay(ctx.prisma, { ...request, change });
    }
    if (billingMode === 'PREPAID' && i % 3 === 0) {
      const wallet = await ctx.prisma.wallet.create({
        data: { tenantId: comune.tenant.id, studentId: child.student.id, serviceId: comune.service.id },
      });
      await ctx.prisma.walletMovement.create({
        data: {
          tenantId: comune.tenant.id,
          walletId: wallet.id,
          occurredAt: rome('2026-11-01', '10:00:00'),
          kind: 'TOP_UP',
          amountCents: 2000,
          description: 'Ricarica',
          createdBy: 'test',
        },
      });
    }
  }
  return { comune, children };
}

/** What the close must write, meal by meal, by the one pricing rule. */
async function perRowExpectation(tenantId: string) {
  const meals = await expectedMealsForDay(ctx.prisma, tenantId, DAY);
  return new Map(meals.map((m) => [m.studentId, { status: m.status, chargedCents: mealCharge(m.enrollment, m.status) }]));
}

async function dayRows(tenantId: string) {
  const bookings = await ctx.prisma.booking.findMany({ where: { tenantId, date: toDbDate(DAY) }, include: { walletMovements: true } });
  const balances = await ctx.prisma.walletMovement.groupBy({ by: ['walletId'], where: { tenantId }, _sum: { amountCents: true } });
  const wallets = await ctx.prisma.wallet.findMany({ where: { tenantId }, select: { id: true, studentId: true } });
  const balanceOf = new Map(balances.map((b) => [b.walletId, b._sum.amountCents ?? 0]));
  return {
    bookings: new Map(bookings.map((b) => [b.studentId, b])),
    balances: new Map(wallets.map((w) => [w.studentId, balanceOf.get(w.id) ?? 0])),
  };
}

describe('the day close in chunks', () => {
  it('writes, chunk by chunk, exactly what the per-meal rule says: bookings, debits and balances', async () => {
    const { comune, children } = await aBusyDay();
    const expected = await perRowExpectation(comune.tenant.id);
    const before = await dayRows(comune.tenant.id);
    const result = await closeServiceDay(ctx.prisma, comune.tenant, DAY, rome(DAY, '09:30:00'), { chunkSize: 7 });

    const charged = [...expected.values()].filter((e) => e.chargedCents > 0).length;
    expect(result).toEqual({ mealsCharged: charged });
    expect(charged).toBeGreaterThan(30);
    const after = await dayRows(comune.tenant.id);
    expect(after.bookings.size).toBe(children.length);
    for (const { student } of children) {
      const want = expected.get(student.id)!;
      const booking = after.bookings.get(student.id)!;
      expect({ status: booking.status, chargedCents: booking.chargedCents, closed: booking.closedAt !== null }).toEqual({
        ...want,
        closed: true,
      });
      const debits = booking.walletMovements.map((m) => [m.kind, m.amountCents, m.description]);
      const text = `${want.status === 'BLAND' ? 'Pasto in bianco' : 'Pasto'} del 18/11/2026`;
      expect(debits).toEqual(want.chargedCents > 0 ? [['MEAL', -want.chargedCents, text]] : []);
      expect(after.balances.get(student.id) ?? 0).toBe((before.balances.get(student.id) ?? 0) - want.chargedCents);
    }
    expect(new Set(['ABSENT', 'BLAND', 'PRESENT'])).toEqual(new Set([...expected.values()].map((e) => e.status)));
    expect(new Set([...expected.values()].map((e) => e.chargedCents))).toEqual(new Set([0, 360, 450]));
  });

  it('charges once when closed twice, and finishes a close that crashed after some chunks', async () => {
    const { comune } = await aBusyDay();
    const expected = await perRowExpectation(comune.tenant.id);
    const meals = await expectedMealsForDay(ctx.prisma, comune.tenant.id, DAY);
    // a close that died after its first chunk: those meals are closed and debited, the day is not
    const first = meals.slice(0, 20).map((meal) => ({ meal, chargedCents: mealCharge(meal.enrollment, meal.status) }));
    await inTransaction(ctx.prisma, (tx) => closeChunk(tx, comune.tenant, DAY, rome(DAY, '09:30:00'), first));
    expect(await ctx.prisma.serviceDayClosing.count({ where: { tenantId: comune.tenant.id } })).toBe(0);

    const charged = [...expected.values()].filter((e) => e.chargedCents > 0).length;
    expect(await closeServiceDay(ctx.prisma, comune.tenant, DAY, rome(DAY, '10:00:00'), { chunkSize: 9 })).toEqual({
      mealsCharged: charged,
    });
    expect(await closeServiceDay(ctx.prisma, comune.tenant, DAY, rome(DAY, '11:00:00'), { chunkSize: 9 })).toBeNull();
    // and a chunk replayed after the day closed changes nothing
    expect(await inTransaction(ctx.prisma, (tx) => closeChunk(tx, comune.tenant, DAY, rome(DAY, '12:00:00'), first))).toBe(0);

    const debits = await ctx.prisma.walletMovement.findMany({ where: { tenantId: comune.tenant.id, kind: 'MEAL' } });
    expect(debits).toHaveLength(charged);
    expect(new Set(debits.map((d) => d.bookingId)).size).toBe(charged);
    const after = await dayRows(comune.tenant.id);
    for (const [studentId, want] of expected) expect(after.bookings.get(studentId)).toMatchObject(want);
  });

  it('runs two closes of the same day at once and charges every meal once', async () => {
    const { comune } = await aBusyDay();
    const expected = await perRowExpectation(comune.tenant.id);
    const results = await Promise.all([
      closeServiceDay(ctx.prisma, comune.tenant, DAY, rome(DAY, '09:30:00'), { chunkSize: 11 }),
      closeServiceDay(ctx.prisma, comune.tenant, DAY, rome(DAY, '09:30:00'), { chunkSize: 11 }),
    ]);
    const charged = [...expected.values()].filter((e) => e.chargedCents > 0).length;
    expect(results.filter((r) => r !== null)).toEqual([{ mealsCharged: charged }]);
    expect(await ctx.prisma.walletMovement.count({ where: { tenantId: comune.tenant.id, kind: 'MEAL' } })).toBe(charged);
  });

  it('writes nothing from a stale snapshot: a request stored after the meals were derived', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const child = await comune.aChild();
    const [meal] = await expectedMealsForDay(ctx.prisma, comune.tenant.id, DAY);
    const request = { tenant: comune.tenant, auth: child.auth, studentId: child.student.id, day: DAY, now: rome('2026-11-18', '08:59:00') };
    await changeDay(ctx.prisma, { ...request, change: 'CANCEL' });
    const stale = inTransaction(ctx.prisma, (tx) =>
      closeChunk(tx, comune.tenant, DAY, rome(DAY, '09:30:00'), [{ meal, chargedCents: 450 }]),
    );
    await expect(stale).rejects.toBeInstanceOf(StaleMealsError);
    expect(await ctx.prisma.walletMovement.count({ where: { tenantId: comune.tenant.id } })).toBe(0);
    expect(await closeServiceDay(ctx.prisma, comune.tenant, DAY, rome(DAY, '09:30:00'))).toEqual({ mealsCharged: 0 });
  });

  it('accrues post-paid charges on the bookings with no wallet movement', async () => {
    const { comune, children } = await aBusyDay('POSTPAID');
    const expected = await perRowExpectation(comune.tenant.id);
    await closeServiceDay(ctx.prisma, comune.tenant, DAY, rome(DAY, '09:30:00'), { chunkSize: 13 });
    const after = await dayRows(comune.tenant.id);
    for (const { student } of children) expect(after.bookings.get(student.id)).toMatchObject(expected.get(student.id)!);
    expect(await ctx.prisma.walletMovement.count({ where: { tenantId: comune.tenant.id } })).toBe(0);
  });
});
