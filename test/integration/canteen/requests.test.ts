import { describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import { closeDueDays } from '../../../src/features/canteen/day-close.ts';
import { expectedMealsForSchoolDay, mealStatusesForStudent, nextMealsFor } from '../../../src/features/canteen/meals.ts';
import {
  cancelNextMeal,
  changeDay,
  communicateAbsence,
  reactivateService,
  startProlongedAbsence,
} from '../../../src/features/canteen/service.ts';
import { aClosureDay } from '../../helpers/builders.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { aCanteenComune, rome } from './fixture.ts';

const ctx = useTestContext();

const nextMealOf = async (tenant: Parameters<typeof nextMealsFor>[1], student: Parameters<typeof mealStatusesForStudent>[1], now: Date) =>
  (await nextMealsFor(ctx.prisma, tenant, [student], now)).get(student.id) ?? null;
const statuses = async (student: Parameters<typeof mealStatusesForStudent>[1], from: string, to: string) =>
  (await mealStatusesForStudent(ctx.prisma, student, from, to)).map((m) => [m.day, m.status]);

describe('prolonged absence and reactivation', () => {
  it('keeps the child absent from a date with no end until reactivated, and charges nothing meanwhile', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student, auth } = await comune.aChild();
    const req = { tenant: comune.tenant, auth, studentId: student.id };
    await startProlongedAbsence(ctx.prisma, { ...req, from: '2026-11-25', now: rome('2026-11-23', '18:00:00') });
    expect(await statuses(student, '2026-11-24', '2026-11-26')).toEqual([
      ['2026-11-24', 'PRESENT'],
      ['2026-11-25', 'ABSENT'],
      ['2026-11-26', 'ABSENT'],
    ]);
    expect((await statuses(student, '2027-03-01', '2027-03-01'))[0][1]).toBe('ABSENT');
    // starting it again the same day changes nothing; another start needs a reactivation first
    expect((await startProlongedAbsence(ctx.prisma, { ...req, from: '2026-11-25', now: rome('2026-11-23', '18:05:00') })).changed).toBe(
      false,
    );
    await expect(
      startProlongedAbsence(ctx.prisma, { ...req, from: '2026-12-01', now: rome('2026-11-23', '18:05:00') }),
    ).rejects.toMatchObject({
      code: 'ALREADY_IN_PROLONGED_ABSENCE',
    });

    // reactivation from Monday 30: its first day has the same cutoff
    await expect(reactivateService(ctx.prisma, { ...req, from: '2026-11-30', now: rome('2026-11-30', '09:00:00') })).rejects.toMatchObject({
      code: 'LATE',
    });
    await reactivateService(ctx.prisma, { ...req, from: '2026-11-30', now: rome('2026-11-30', '08:59:59') });
    expect(await statuses(student, '2026-11-27', '2026-11-30')).toEqual([
      ['2026-11-27', 'ABSENT'],
      ['2026-11-28', 'NO_SERVICE'],
      ['2026-11-29', 'NO_SERVICE'],
      ['2026-11-30', 'PRESENT'],
    ]);
    // a repeated reactivation (a retry) changes nothing; another one has nothing to reactivate
    expect((await reactivateService(ctx.prisma, { ...req, from: '2026-11-30', now: rome('2026-11-30', '08:59:59') })).changed).toBe(false);
    await expect(reactivateService(ctx.prisma, { ...req, from: '2026-12-01', now: rome('2026-11-30', '10:00:00') })).rejects.toMatchObject({
      code: 'NO_PROLONGED_ABSENCE',
    });

    await closeDueDays(ctx.prisma, comune.tenant, rome('2026-11-30', '10:00:00'));
    const charged = await ctx.prisma.booking.findMany({ where: { studentId: student.id }, orderBy: { date: 'asc' } });
    expect(charged.map((b) => [b.date.toISOString().slice(0, 10), b.status, b.chargedCents])).toEqual([
      ['2026-11-16', 'PRESENT', 450],
      ['2026-11-17', 'PRESENT', 450],
      ['2026-11-18', 'PRESENT', 450],
      ['2026-11-19', 'PRESENT', 450],
      ['2026-11-20', 'PRESENT', 450],
      ['2026-11-23', 'PRESENT', 450],
      ['2026-11-24', 'PRESENT', 450],
      ['2026-11-25', 'ABSENT', 0],
      ['2026-11-26', 'ABSENT', 0],
      ['2026-11-27', 'ABSENT', 0],
      ['2026-11-30', 'PRESENT', 450],
    ]);
    const audit = await ctx.prisma.auditEvent.findMany({
      where: { tenantId: comune.tenant.id, actorKind: 'PARENT' },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['CANTEEN_PROLONGED_ABSENCE_STARTED', 'CANTEEN_SERVICE_REACTIVATED']);
  });

  it('refuses a prolonged absence whose first day is already past its cutoff', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student, auth } = await comune.aChild();
    await expect(
      startProlongedAbsence(ctx.prisma, {
        tenant: comune.tenant,
        auth,
        studentId: student.id,
        from: '2026-11-23',
        now: rome('2026-11-23', '09:00:00'),
      }),
    ).rejects.toMatchObject({ code: 'LATE', days: ['2026-11-23'] });
    expect(await ctx.prisma.prolongedAbsence.count({ where: { studentId: student.id } })).toBe(0);
  });
});

describe('day requests', () => {
  it('undoes a request before the cutoff, and refuses a bland meal on a day without service', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student, auth } = await comune.aChild();
    const req = { tenant: comune.tenant, auth, studentId: student.id, now: rome('2026-11-23', '08:00:00') };
    await changeDay(ctx.prisma, { ...req, day: '2026-11-24', change: 'CANCEL' });
    expect((await changeDay(ctx.prisma, { ...req, day: '2026-11-24', change: 'CANCEL' })).changed).toBe(false);
    await changeDay(ctx.prisma, { ...req, day: '2026-11-24', change: 'UNDO' });
    expect(await statuses(student, '2026-11-24', '2026-11-24')).toEqual([['2026-11-24', 'PRESENT']]);
    await expect(changeDay(ctx.prisma, { ...req, day: '2026-11-28', change: 'BLAND' })).rejects.toMatchObject({ code: 'NO_SERVICE' });
    expect(await ctx.prisma.booking.count({ where: { studentId: student.id } })).toBe(0);
  });
});

describe('the cutoff on the DST change (last Sunday of March 2027) and across midnight', () => {
  it('uses 09:00 summer time on Monday 29 March: 06:59:59Z is accepted, 07:00:00Z refused', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const early = await comune.aChild();
    const late = await comune.aChild();
    const req = (child: typeof early, now: string) => ({
      tenant: comune.tenant,
      auth: child.auth,
      studentId: child.student.id,
      day: '2027-03-29',
      change: 'CANCEL' as const,
      now: new Date(now),
    });
    expect((await changeDay(ctx.prisma, req(early, '2027-03-29T06:59:59Z'))).changed).toBe(true);
    await expect(changeDay(ctx.prisma, req(late, '2027-03-29T07:00:00Z'))).rejects.toMatchObject({ code: 'LATE' });
  });

  it('names Monday as the next meal from Sunday 23:59:59 to Monday 08:59:59 in Rome', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student } = await comune.aChild();
    for (const now of ['2027-03-28T21:59:59Z', '2027-03-28T22:00:00Z', '2027-03-29T06:59:59Z']) {
      expect(await nextMealOf(comune.tenant, student, new Date(now)), now).toEqual({ day: '2027-03-29', status: 'PRESENT' });
    }
    expect(await nextMealOf(comune.tenant, student, new Date('2027-03-29T07:00:00Z'))).toEqual({
      day: '2027-03-30',
      status: 'PRESENT',
    });
  });
});

describe('"disdici il prossimo pasto" (first service day)', () => {
  it('on Monday after the cutoff, with Tuesday and Wednesday closed, cancels Thursday', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    await aClosureDay(ctx.prisma, comune.school, '2026-12-01', { reason: 'Chiusura straordinaria' });
    await aClosureDay(ctx.prisma, comune.school, '2026-12-02', { reason: 'Chiusura straordinaria' });
    const { student, auth } = await comune.aChild();
    const now = rome('2026-11-30', '09:15:00');
    expect(await nextMealOf(comune.tenant, student, now)).toEqual({ day: '2026-12-03', status: 'PRESENT' });
    const done = await cancelNextMeal(ctx.prisma, { tenant: comune.tenant, auth, studentId: student.id, now });
    expect(done).toMatchObject({ day: '2026-12-03', changed: true });
    expect(await nextMealOf(comune.tenant, student, now)).toEqual({ day: '2026-12-03', status: 'ABSENT' });
  });

  it('on Monday before the cutoff cancels Monday itself; on Friday after it, the next Monday', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student, auth } = await comune.aChild();
    const req = { tenant: comune.tenant, auth, studentId: student.id };
    expect(await cancelNextMeal(ctx.prisma, { ...req, now: rome('2026-11-23', '08:59:59') })).toMatchObject({ day: '2026-11-23' });
    expect(await cancelNextMeal(ctx.prisma, { ...req, now: rome('2026-11-27', '09:00:00') })).toMatchObject({ day: '2026-11-30' });
  });

  it('follows the class rientri (Monday and Wednesday only)', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student, auth } = await comune.aChild({ mealWeekdays: [1, 3] });
    expect(
      await cancelNextMeal(ctx.prisma, { tenant: comune.tenant, auth, studentId: student.id, now: rome('2026-11-23', '12:00:00') }),
    ).toMatchObject({
      day: '2026-11-25',
    });
  });
});

describe('the absence-communication form', () => {
  it('marks only the service days of the range, skipping the weekend and closures', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    await aClosureDay(ctx.prisma, comune.school, '2026-12-07', { kind: 'BRIDGE', reason: "Ponte dell'Immacolata" });
    await aClosureDay(ctx.prisma, comune.school, '2026-12-08', { reason: 'Immacolata Concezione' });
    const { student, auth } = await comune.aChild();
    const done = await communicateAbsence(ctx.prisma, {
      tenant: comune.tenant,
      auth,
      studentId: student.id,
      from: '2026-12-04',
      to: '2026-12-09',
      kind: 'ABSENT',
      now: rome('2026-12-03', '20:00:00'),
    });
    expect(done.days).toEqual(['2026-12-04', '2026-12-09']);
    const meals = await expectedMealsForSchoolDay(ctx.prisma, comune.tenant.id, comune.school.id, '2026-12-09');
    expect(meals.find((m) => m.studentId === student.id)?.status).toBe('ABSENT');
  });

  it('refuses the whole range when a day is late, naming it, and changes nothing', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const { student, auth } = await comune.aChild();
    const attempt = communicateAbsence(ctx.prisma, {
      tenant: comune.tenant,
      auth,
      studentId: student.id,
      from: '2026-11-23',
      to: '2026-11-25',
      kind: 'BLAND',
      now: rome('2026-11-24', '09:00:00'),
    });
    await expect(attempt).rejects.toMatchObject({ code: 'LATE_DAYS', days: ['2026-11-23', '2026-11-24'] });
    expect(await ctx.prisma.booking.count({ where: { studentId: student.id } })).toBe(0);
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: comune.tenant.id } })).toBe(0);
  });

  it('is refused for a child of another family as not found', async () => {
    const comune = await aCanteenComune(ctx.prisma);
    const mine = await comune.aChild();
    const theirs = await comune.aChild();
    await expect(
      communicateAbsence(ctx.prisma, {
        tenant: comune.tenant,
        auth: mine.auth,
        studentId: theirs.student.id,
        from: '2026-12-04',
        to: '2026-12-04',
        kind: 'ABSENT',
        now: rome('2026-12-01', '08:00:00'),
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(await ctx.prisma.booking.count({ where: { studentId: theirs.student.id, date: toDbDate('2026-12-04') } })).toBe(0);
  });
});
