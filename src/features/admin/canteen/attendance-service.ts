import type { Actor } from '../../../audit.ts';
import type { Db } from '../../../db/client.ts';
import { toDbDate, type IsoDate } from '../../../domain/dates.ts';
import type { MealStatus } from '../../../domain/meal-day.ts';
import { DomainRuleError, NotFoundError } from '../../../web/errors.ts';
import { correctClosedMeal } from '../../canteen/meal-correction.ts';
import { expectedMealsForSchoolDay } from '../../canteen/meals.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { schoolOf } from './scope.ts';

export interface AttendanceRow {
  studentId: string;
  name: string;
  className: string | null;
  dietCode: string | null;
  status: MealStatus;
  chargedCents: number | null;
  correctionWhy: string | null;
}

/**
 * Who eats at a school on a day: before the day closes the expected meals (present unless cancelled), after
 * it what was recorded and charged.
 */
export async function attendanceOfDay(db: Db, tenantId: string, schoolId: string, date: IsoDate) {
  const school = await schoolOf(db, tenantId, schoolId);
  const day = toDbDate(date);
  const [meals, closing, closure] = await Promise.all([
    expectedMealsForSchoolDay(db, tenantId, schoolId, date),
    db.serviceDayClosing.findFirst({ where: { tenantId, date: day } }),
    db.closureDay.findFirst({ where: { tenantId, schoolId, date: day } }),
  ]);
  const corrections = await db.booking.findMany({
    where: { tenantId, date: day, studentId: { in: meals.map((m) => m.studentId) }, correctedAt: { not: null } },
    select: { studentId: true, correctionWhy: true },
  });
  const rows: AttendanceRow[] = meals.map((m) => ({
    studentId: m.studentId,
    name: `${m.lastName} ${m.firstName}`,
    className: m.className,
    dietCode: m.dietCode,
    status: m.status,
    chargedCents: m.booking?.closedAt ? m.booking.chargedCents : null,
    correctionWhy: corrections.find((c) => c.studentId === m.studentId)?.correctionWhy ?? null,
  }));
  const count = (status: MealStatus) => rows.filter((r) => r.status === status).length;
  return {
    school,
    day: date,
    closed: closing !== null,
    closure: closure?.reason ?? null,
    rows,
    totals: { PRESENT: count('PRESENT'), BLAND: count('BLAND'), ABSENT: count('ABSENT') },
  };
}

/** A clerk's correction of a closed day for one child of this school (the charge is reversed or added). */
export async function correctAttendance(
  db: Db,
  input: {
    tenantId: string;
    schoolId: string;
    studentId: string;
    date: IsoDate;
    newStatus: MealStatus;
    reason: string;
    actor: Actor;
    now: Date;
  },
): Promise<{ adjusted: boolean }> {
  const { tenantId, schoolId, studentId, date } = input;
  await schoolOf(db, tenantId, schoolId);
  const meals = await expectedMealsForSchoolDay(db, tenantId, schoolId, date);
  const meal = meals.find((m) => m.studentId === studentId);
  if (!meal) throw new NotFoundError();
  const closing = await db.serviceDayClosing.findFirst({ where: { tenantId, date: toDbDate(date) } });
  if (!closing || !meal.booking?.closedAt) {
    throw new FieldRuleError(
      `newStatus-${studentId}`,
      'Il giorno non è ancora chiuso: fino alla chiusura valgono le richieste dei genitori.',
    );
  }
  if (meal.status === input.newStatus) {
    throw new FieldRuleError(`newStatus-${studentId}`, 'Lo stato scelto è uguale a quello registrato: non c’è nulla da correggere.');
  }
  try {
    const corrected = await correctClosedMeal(db, {
      tenantId,
      studentId,
      date,
      newStatus: input.newStatus,
      reason: input.reason,
      actor: input.actor,
      now: input.now,
    });
    return { adjusted: corrected.adjustmentId !== undefined };
  } catch (error) {
    if (error instanceof DomainRuleError) throw new FieldRuleError(`newStatus-${studentId}`, error.userMessage);
    throw error;
  }
}
