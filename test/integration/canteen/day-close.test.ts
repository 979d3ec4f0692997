import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { toDbDate } from '../../../src/domain/dates.ts';
import { fixedClock } from '../../../src/domain/clock.ts';
import { DAY_CLOSE_LOCK, runDayClose } from '../../../src/jobs/day-close.ts';
import { closeDueDays, closeServiceDay } from '../../../src/features/canteen/day-close.ts';
import { correctClosedMeal } from '../../../src/features/canteen/meal-correction.ts';
import { expectedMealsForSchoolDay, mealStatusesForStudent } from '../../../src/features/canteen/meals.ts';
import { changeDay, MealRequestRefused } from '../../../src/features/canteen/service.ts';
import { aClosureDay } from '../../helpers/builders.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { aCanteenComune, rome } from './fixture.ts';

const ctx = useTestContext();

const bookingOf = (studentId: string, day: string) =>
  ctx.prisma.booking.findFirst({ where: { studentId, date: toDbDate(day) }, include: { walletMovements: true } });
const movementsOf = (studentId: string) =>
  ctx.prisma.walletMovement.findMany({ where: { wallet: { studentId } }, orderBy: { occurredAt: 'asc' } });

describe('the cutoff and the day close (prepaid Comune)', () => {
  it('accepts a cancellation at 08:59:59 and never charges that meal', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student, auth } = await comune.aChild();
    await changeDay(ctx.prisma, {
      tenant: comune.tenant,
      auth,
      studentId: student.id,
      day: '2026-11-19',
      change: 'CANCEL',
      now: rome('2026-11-19', '08:59:59'),
    });

    const closed = await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-19', '09:00:00'));
    expect(closed.map((c) => c.day)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
    const booking = await bookingOf(student.id, '2026-11-19');
    expect(booking).toMatchObject({ status: 'ABSENT', chargedCents: 0 });
    expect(booking?.closedAt).not.toBeNull();
    expect(booking?.walletMovements).toEqual([]);
    expect((await movementsOf(student.id)).map((m) => m.amountCents)).toEqual([-450, -450, -450]);
  });

  it('refuses a cancellation at 09:00:00, changes nothing and charges the meal', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student, auth } = await comune.aChild();
    const late = changeDay(ctx.prisma, {
      tenant: comune.tenant,
      auth,
      studentId: student.id,
      day: '2026-11-19',
      change: 'CANCEL',
      now: rome('2026-11-19', '09:00:00'),
    });
    await expect(late).rejects.toMatchObject({ code: 'LATE', days: ['2026-11-19'] });
    await expect(late).rejects.toBeInstanceOf(MealRequestRefused);
    expect(await bookingOf(student.id, '2026-11-19')).toBeNull();

    await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-19', '09:00:00'));
    const booking = await bookingOf(student.id, '2026-11-19');
    expect(booking).toMatchObject({ status: 'PRESENT', chargedCents: 450 });
    expect(booking?.walletMovements).toMatchObject([{ kind: 'MEAL', amountCents: -450, description: 'Pasto del 19/11/2026' }]);
  });

  it('charges once however many times the close runs, and catches up missed days', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student } = await comune.aChild();
    const first = await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-17', '10:00:00'));
    expect(first.map((c) => c.day)).toEqual(['2026-11-16', '2026-11-17']);
    // the job was down from Wednesday to the next Tuesday morning: Wednesday to Monday are caught up
    const caughtUp = await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-24', '08:00:00'));
    expect(caughtUp).toEqual([
      { day: '2026-11-18', mealsCharged: 1 },
      { day: '2026-11-19', mealsCharged: 1 },
      { day: '2026-11-20', mealsCharged: 1 },
      { day: '2026-11-23', mealsCharged: 1 },
    ]);
    expect(await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-24', '08:00:00'))).toEqual([]);
    expect(await closeServiceDay(ctx.prisma, comune.tenant, '2026-11-23', rome('2026-11-24', '08:00:00'))).toBeNull();
    const movements = await movementsOf(student.id);
    expect(movements).toHaveLength(6);
    expect(new Set(movements.map((m) => m.bookingId)).size).toBe(6);
    expect(await ctx.prisma.serviceDayClosing.count({ where: { tenantId: comune.tenant.id } })).toBe(6);
    await expect(closeServiceDay(ctx.prisma, comune.tenant, '2026-11-25', rome('2026-11-25', '08:59:59'))).rejects.toThrow(RangeError);
  });

  it('charges nobody on an extraordinary closure added by a clerk, with no cancellation needed', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student } = await comune.aChild();
    await aClosureDay(ctx.prisma, comune.school, '2026-11-18', { kind: 'EXTRAORDINARY', reason: 'Sciopero del personale' });
    expect(await expectedMealsForSchoolDay(ctx.prisma, comune.tenant.id, comune.school.id, '2026-11-18')).toEqual([]);
    const [day] = await mealStatusesForStudent(ctx.prisma, student, '2026-11-18', '2026-11-18');
    expect(day).toMatchObject({ runs: false, closureReason: 'Sciopero del personale', status: 'NO_SERVICE' });

    const closed = await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-19', '12:00:00'));
    expect(closed.map((c) => c.day)).toEqual(['2026-11-16', '2026-11-17', '2026-11-19']);
    expect(await bookingOf(student.id, '2026-11-18')).toBeNull();
    expect(await movementsOf(student.id)).toHaveLength(3);
  });

  it('charges a bland meal at the tariff, counted apart from the ordinary meals, with the sibling rate', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const first = await comune.aChild();
    const second = await comune.aChild({ siblingOf: first });
    await changeDay(ctx.prisma, {
      tenant: comune.tenant,
      auth: first.auth,
      studentId: first.student.id,
      day: '2026-11-16',
      change: 'BLAND',
      now: rome('2026-11-16', '07:00:00'),
    });
    const meals = await expectedMealsForSchoolDay(ctx.prisma, comune.tenant.id, comune.school.id, '2026-11-16');
    expect(meals.map((m) => [m.studentId, m.status])).toEqual(
      expect.arrayContaining([
        [first.student.id, 'BLAND'],
        [second.student.id, 'PRESENT'],
      ]),
    );
    await closeServiceDay(ctx.prisma, comune.tenant, '2026-11-16', rome('2026-11-16', '09:00:00'));
    expect(await bookingOf(first.student.id, '2026-11-16')).toMatchObject({ status: 'BLAND', chargedCents: 450 });
    expect((await bookingOf(first.student.id, '2026-11-16'))?.walletMovements[0].description).toBe('Pasto in bianco del 16/11/2026');
    expect(await bookingOf(second.student.id, '2026-11-16')).toMatchObject({ status: 'PRESENT', chargedCents: 360 });
  });
});

describe('a closed day', () => {
  it('counts only what was closed, even after the class gets a new rientro day', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student } = await comune.aChild({ mealWeekdays: [1, 3] });
    await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-17', '10:00:00'));
    await ctx.prisma.schoolClass.update({ where: { id: student.classId! }, data: { mealWeekdays: [1, 2, 3] } });

    const tuesday = await expectedMealsForSchoolDay(ctx.prisma, comune.tenant.id, comune.school.id, '2026-11-17');
    expect(tuesday.map((meal) => meal.studentId)).not.toContain(student.id);
    const days = await mealStatusesForStudent(ctx.prisma, student, '2026-11-16', '2026-11-18');
    expect(days.map((d) => d.status)).toEqual(['PRESENT', 'NO_SERVICE', 'PRESENT']);
  });
});

describe('post-paid Comune', () => {
  it('accrues the charge on the booking for the monthly invoice, with no wallet', async () => {
    const comune = await aCanteenComune(ctx.prisma, 'POSTPAID');
    const { student } = await comune.aChild();
    await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-16', '09:30:00'));
    expect(await bookingOf(student.id, '2026-11-16')).toMatchObject({ status: 'PRESENT', chargedCents: 450, invoiceId: null });
    expect(await ctx.prisma.wallet.count({ where: { studentId: student.id } })).toBe(0);
  });
});

describe('correctClosedMeal', () => {
  const clerk = { kind: 'STAFF' as const, id: null, label: 'operatore' };

  it('reverses the charge of a meal the child did not eat, once, with the reason audited', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student } = await comune.aChild();
    await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-16', '09:30:00'));
    const correction = {
      tenantId: comune.tenant.id,
      studentId: student.id,
      date: '2026-11-16',
      newStatus: 'ABSENT' as const,
      reason: 'Uscito prima di pranzo',
      actor: clerk,
      now: rome('2026-11-17', '10:00:00'),
    };
    expect(await correctClosedMeal(ctx.prisma, correction)).toEqual({ changed: true, deltaCents: -450 });
    expect(await correctClosedMeal(ctx.prisma, correction)).toEqual({ changed: false, deltaCents: 0 });
    expect((await movementsOf(student.id)).map((m) => [m.kind, m.amountCents])).toEqual([
      ['MEAL', -450],
      ['CORRECTION', 450],
    ]);
    expect(await bookingOf(student.id, '2026-11-16')).toMatchObject({
      status: 'ABSENT',
      chargedCents: 0,
      correctionWhy: 'Uscito prima di pranzo',
      correctedBy: 'operatore',
    });
    const audit = await ctx.prisma.auditEvent.findFirst({ where: { tenantId: comune.tenant.id, action: 'CANTEEN_MEAL_CORRECTED' } });
    expect(audit?.details).toMatchObject({ reason: 'Uscito prima di pranzo', oldCharge: 450, newCharge: 0 });
  });

  it('adds the charge of a meal eaten after a cancellation, and refuses an open day or no reason', async () => {
    const comune = await aCanteenComune(ctx.prisma, 'POSTPAID');
    const { student, auth } = await comune.aChild();
    await changeDay(ctx.prisma, {
      tenant: comune.tenant,
      auth,
      studentId: student.id,
      day: '2026-11-16',
      change: 'CANCEL',
      now: rome('2026-11-15', '20:00:00'),
    });
    const base = {
      tenantId: comune.tenant.id,
      studentId: student.id,
      newStatus: 'PRESENT' as const,
      actor: clerk,
      now: rome('2026-11-16', '14:00:00'),
    };
    await expect(correctClosedMeal(ctx.prisma, { ...base, date: '2026-11-16', reason: 'Presente' })).rejects.toThrow(/non è ancora chiuso/);
    await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-16', '09:30:00'));
    await expect(correctClosedMeal(ctx.prisma, { ...base, date: '2026-11-16', reason: '   ' })).rejects.toThrow(/motivo/);
    expect(await correctClosedMeal(ctx.prisma, { ...base, date: '2026-11-16', reason: 'Era presente' })).toEqual({
      changed: true,
      deltaCents: 450,
    });
    expect(await bookingOf(student.id, '2026-11-16')).toMatchObject({ status: 'PRESENT', chargedCents: 450 });
  });
});

describe('the day-close job', () => {
  it('closes the due days of every Comune, and skips a pass while another instance holds the lock', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    await comune.aChild();
    const deps = {
      prisma: ctx.prisma,
      pool: ctx.pool,
      clock: fixedClock(rome('2026-11-16', '09:05:00')),
      logger: pino({ level: 'silent' }),
    };
    const other = await ctx.pool.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [DAY_CLOSE_LOCK]);
      expect(await runDayClose(deps)).toEqual({ locked: false, closed: 0 });
      await other.query('SELECT pg_advisory_unlock($1)', [DAY_CLOSE_LOCK]);
    } finally {
      other.release();
    }
    const pass = await runDayClose(deps);
    expect(pass.locked).toBe(true);
    expect(pass.closed).toBeGreaterThanOrEqual(1);
    expect(await ctx.prisma.serviceDayClosing.count({ where: { tenantId: comune.tenant.id } })).toBe(1);
  });
});
