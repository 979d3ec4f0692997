// The kitchen count never depends on a job: for every school and service day of the demo data it equals the sum
// of what parents see for their children. And the demo Comune's day close, timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDay, fromDbDate } from '../../../src/domain/dates.ts';
import { serviceRunsOn } from '../../../src/domain/service-days.ts';
import { closeDueDays } from '../../../src/features/canteen/day-close.ts';
import { expectedMealsForSchoolDay, loadServiceCalendar, mealStatusesForStudent } from '../../../src/features/canteen/meals.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ demo: true, now: '2026-11-18T07:30:00Z' });
});
afterAll(() => ctx?.close());

type Counts = Record<'PRESENT' | 'ABSENT' | 'BLAND', number>;
const zero = (): Counts => ({ PRESENT: 0, ABSENT: 0, BLAND: 0 });

describe('kitchen counts', () => {
  it('equal the sum of the parent-visible statuses for every school and service day of the demo data', { timeout: 300_000 }, async () => {
    let compared = 0;
    for (const tenant of await ctx.prisma.tenant.findMany({ where: { slug: { in: ['dimostrativo', 'borgoverde'] } } })) {
      const parentSide = new Map<string, Counts>();
      const enrollments = await ctx.prisma.enrollment.findMany({
        where: { tenantId: tenant.id, service: { kind: 'CANTEEN' } },
        include: { student: true },
      });
      for (const enrollment of enrollments) {
        const period = await ctx.prisma.serviceCalendar.findFirstOrThrow({
          where: { tenantId: tenant.id, schoolId: enrollment.schoolId, schoolYear: enrollment.schoolYear },
        });
        for (const meal of await mealStatusesForStudent(
          ctx.prisma,
          enrollment.student,
          fromDbDate(period.startsOn),
          fromDbDate(period.endsOn),
        )) {
          if (meal.status === 'NO_SERVICE') continue;
          const key = `${enrollment.schoolId} ${meal.day}`;
          const counts = parentSide.get(key) ?? zero();
          counts[meal.status]++;
          parentSide.set(key, counts);
        }
      }
      for (const school of await ctx.prisma.school.findMany({ where: { tenantId: tenant.id } })) {
        const kitchenCalendar = { ...(await loadServiceCalendar(ctx.prisma, { tenantId: tenant.id, schoolId: school.id, classId: null })) };
        for (const day of eachDay(kitchenCalendar.startsOn, kitchenCalendar.endsOn).filter((d) => serviceRunsOn(kitchenCalendar, d))) {
          const kitchen = zero();
          for (const meal of await expectedMealsForSchoolDay(ctx.prisma, tenant.id, school.id, day)) kitchen[meal.status]++;
          expect(kitchen, `${tenant.slug} ${school.code} ${day}`).toEqual(parentSide.get(`${school.id} ${day}`) ?? zero());
          parentSide.delete(`${school.id} ${day}`);
          compared++;
        }
      }
      // no parent-visible meal falls on a day the kitchen does not cook
      expect([...parentSide.keys()]).toEqual([]);
    }
    expect(compared).toBeGreaterThan(700);
  });
});

describe('closing a day of the demo Comune', () => {
  it('closes only the due day (earlier ones are closed), charging what the kitchen counted, in a measured time', async () => {
    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
    const schools = await ctx.prisma.school.findMany({ where: { tenantId: tenant.id } });
    let expectedCharges = 0;
    for (const school of schools) {
      expectedCharges += (await expectedMealsForSchoolDay(ctx.prisma, tenant.id, school.id, '2026-11-18')).filter(
        (m) => m.status !== 'ABSENT',
      ).length;
    }
    const movementsBefore = await ctx.prisma.walletMovement.count({ where: { tenantId: tenant.id, kind: 'MEAL' } });
    const started = performance.now();
    const closed = await closeDueDays(ctx.prisma, tenant, new Date('2026-11-18T08:00:00Z'));
    const elapsedMs = performance.now() - started;
    console.log(`[canteen] closing 2026-11-18 for the demo Comune (${expectedCharges} meals charged) took ${elapsedMs.toFixed(0)} ms`);
    expect(closed).toEqual([{ day: '2026-11-18', mealsCharged: expectedCharges }]);
    expect(await ctx.prisma.walletMovement.count({ where: { tenantId: tenant.id, kind: 'MEAL' } })).toBe(movementsBefore + expectedCharges);
    expect(await closeDueDays(ctx.prisma, tenant, new Date('2026-11-18T08:05:00Z'))).toEqual([]);

    // the next day, with the query plans warm as in a running server
    const warmStart = performance.now();
    const next = await closeDueDays(ctx.prisma, tenant, new Date('2026-11-19T08:00:00Z'));
    console.log(`[canteen] closing 2026-11-19 (warm, ${next[0].mealsCharged} meals) took ${(performance.now() - warmStart).toFixed(0)} ms`);
    expect(next.map((c) => c.day)).toEqual(['2026-11-19']);
  });
});
