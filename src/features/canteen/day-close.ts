// Closing a canteen day: after the cutoff, every expected meal becomes a closed booking with its charge —
// a wallet debit for prepaid Comuni, an amount accrued for the monthly invoice for post-paid ones. The
// ServiceDayClosing row (unique per Comune and day) makes closing idempotent; missed days are caught up.
import { SYSTEM_ACTOR, recordAudit } from '../../audit.ts';
import { inTransaction, isUniqueViolation, type Db, type Tx } from '../../db/client.ts';
import { isBeforeCutoff } from '../../domain/cutoff.ts';
import { addDays, eachDay, fromDbDate, romeDateOf, toDbDate, type IsoDate } from '../../domain/dates.ts';
import type { MealStatus } from '../../domain/meal-day.ts';
import { serviceRunsOn } from '../../domain/service-days.ts';
import { priceOfUnit } from '../../domain/tariffs.ts';
import { Prisma, type Tenant } from '../../generated/prisma/client.ts';
import { closeChunk, lockDay, StaleMealsError } from './close-chunk.ts';
import { expectedMealsForDay, type ExpectedSchoolMeal } from './expected-meals.ts';

type ClosingTenant = Pick<Tenant, 'id' | 'cutoffTime' | 'billingMode'>;

/**
 * What one meal costs, by the one price function: per-meal tariffs only (a monthly fee is billed by month,
 * not by meal). A day nobody can price (no tariff version, no band for the ISEE) stops the close loudly
 * rather than give meals away; the back office refuses enrollments and tables that would lead there.
 */
export function mealCharge(enrollment: Pick<ExpectedSchoolMeal['enrollment'], 'pricing'>, status: MealStatus): number {
  if (status === 'ABSENT') return 0;
  const price = priceOfUnit(enrollment.pricing);
  if (!price.ok) throw new RangeError(`No price for ${enrollment.pricing.studentId} on ${enrollment.pricing.day}: ${price.refusal}`);
  return price.unit === 'PER_MEAL' ? price.cents : 0;
}

/** The days some school of the Comune runs its canteen, from the first calendar's start up to `lastDay`. */
export async function serviceDaysUpTo(db: Db, tenantId: string, lastDay: IsoDate): Promise<IsoDate[]> {
  const [periods, closures, classes] = await Promise.all([
    db.serviceCalendar.findMany({ where: { tenantId, startsOn: { lte: toDbDate(lastDay) } } }),
    db.closureDay.findMany({ where: { tenantId, date: { lte: toDbDate(lastDay) } }, select: { schoolId: true, date: true, reason: true } }),
    db.schoolClass.findMany({ where: { tenantId }, select: { schoolId: true, mealWeekdays: true } }),
  ]);
  const days = new Set<IsoDate>();
  for (const period of periods) {
    const weekdays = [...new Set(classes.filter((c) => c.schoolId === period.schoolId).flatMap((c) => c.mealWeekdays))];
    const calendar = {
      startsOn: fromDbDate(period.startsOn),
      endsOn: fromDbDate(period.endsOn),
      closures: new Map(closures.filter((c) => c.schoolId === period.schoolId).map((c) => [fromDbDate(c.date), c.reason])),
      mealWeekdays: weekdays.length ? weekdays : [1, 2, 3, 4, 5],
    };
    const last = calendar.endsOn < lastDay ? calendar.endsOn : lastDay;
    for (const day of eachDay(calendar.startsOn, last)) if (serviceRunsOn(calendar, day)) days.add(day);
  }
  return [...days].sort();
}

/**
 * Closes every service day whose cutoff has passed and that is not closed yet, oldest first, one
 * transaction per day. Returns the days it closed now.
 */
export async function closeDueDays(db: Db, tenant: ClosingTenant, now: Date): Promise<{ day: IsoDate; mealsCharged: number }[]> {
  const today = romeDateOf(now);
  const lastDue = isBeforeCutoff(today, now, tenant.cutoffTime) ? addDays(today, -1) : today;
  const [serviceDays, closings] = await Promise.all([
    serviceDaysUpTo(db, tenant.id, lastDue),
    db.serviceDayClosing.findMany({ where: { tenantId: tenant.id }, select: { date: true } }),
  ]);
  const closed = new Set(closings.map((c) => fromDbDate(c.date)));
  const results: { day: IsoDate; mealsCharged: number }[] = [];
  for (const day of serviceDays) {
    if (closed.has(day)) continue;
    const result = await closeServiceDay(db, tenant, day, now);
    if (result) results.push({ day, mealsCharged: result.mealsCharged });
  }
  return results;
}

// The close's transactions take the day's advisory lock first and then read: under READ COMMITTED their reads see
// what a concurrent close committed while they waited (a serializable snapshot would predate the wait).
const READ_COMMITTED = Prisma.TransactionIsolationLevel.ReadCommitted;

/** Children per transaction of a day close: bounds each transaction's size and time, whatever the Comune's. */
export const CLOSE_CHUNK_SIZE = 5_000;

/**
 * Closes one day for the whole Comune; null when it was already closed (by another run or instance).
 * The meals are derived once, then closed in chunks, one transaction each, set-based. The ServiceDayClosing
 * row is written last, in its own transaction, and only it makes the day closed: a crash between chunks
 * leaves some of the day's bookings closed (each with its debit, atomically) and the day still due, so the
 * next pass derives the meals again, skips the bookings already closed and finishes the rest — never a meal
 * charged twice nor one forgotten. Runs of the same day take turns on an advisory lock per chunk.
 */
export async function closeServiceDay(
  db: Db,
  tenant: ClosingTenant,
  day: IsoDate,
  now: Date,
  options: { chunkSize?: number } = {},
): Promise<{ mealsCharged: number } | null> {
  if (isBeforeCutoff(day, now, tenant.cutoffTime)) throw new RangeError(`The cutoff of ${day} has not passed yet`);
  const date = toDbDate(day);
  const isClosed = async (reader: Db | Tx) =>
    (await reader.serviceDayClosing.findUnique({ where: { tenantId_date: { tenantId: tenant.id, date } }, select: { id: true } })) !== null;
  for (let attempt = 1; ; attempt++) {
    if (await isClosed(db)) return null;
    try {
      await closeMeals(db, tenant, day, now, options.chunkSize ?? CLOSE_CHUNK_SIZE);
      break;
    } catch (error) {
      if (!(error instanceof StaleMealsError) || attempt >= 3) throw error;
    }
  }
  try {
    return await inTransaction(
      db,
      async (tx) => {
        await lockDay(tx, tenant.id, day);
        if (await isClosed(tx)) return null;
        const [{ mealsCharged, absent }] = await tx.$queryRaw<{ mealsCharged: number; absent: number }[]>`
        SELECT count(*) FILTER (WHERE "chargedCents" > 0)::int AS "mealsCharged", count(*) FILTER (WHERE status = 'ABSENT')::int AS absent
        FROM "Booking" WHERE "tenantId" = ${tenant.id}::uuid AND date = ${date}::date AND "closedAt" IS NOT NULL`;
        await tx.serviceDayClosing.create({ data: { tenantId: tenant.id, date, closedAt: now, mealsCharged } });
        await recordAudit(tx, {
          tenantId: tenant.id,
          actor: SYSTEM_ACTOR,
          action: 'CANTEEN_DAY_CLOSED',
          entityType: 'ServiceDayClosing',
          details: { day, mealsCharged, absent },
        });
        return { mealsCharged };
      },
      { isolationLevel: READ_COMMITTED },
    );
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Closed bookings for the day's open meals, and for prepaid Comuni one MEAL debit per charged booking. */
async function closeMeals(db: Db, tenant: ClosingTenant, day: IsoDate, now: Date, chunkSize: number): Promise<void> {
  const meals = await expectedMealsForDay(db, tenant.id, day);
  const open = meals.filter((m) => !m.booking?.closedAt).map((meal) => ({ meal, chargedCents: mealCharge(meal.enrollment, meal.status) }));
  for (let from = 0; from < open.length; from += chunkSize) {
    const chunk = open.slice(from, from + chunkSize);
    await inTransaction(db, (tx) => closeChunk(tx, tenant, day, now, chunk), { isolationLevel: READ_COMMITTED, timeoutMs: 60_000 });
  }
}
