// Read-only derivations of who eats when. Nothing here depends on the day-close job having run: meals are
// computed from enrollments, calendars, closures, prolonged absences and the parents' requests.
import type { ExpectedMeal } from '../../domain/attendance.ts';
import { eachDay, fromDbDate, romeDateOf, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { isEnrolledOn, mealOfDay, type MealStatus } from '../../domain/meal-day.ts';
import { schoolYearBounds, schoolYearOf } from '../../domain/school-year.ts';
import { closureReason, firstRequestableServiceDay, serviceRunsOn, type ServiceCalendar } from '../../domain/service-days.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { KITCHEN_WEEKDAYS, readTogether, spansOf, type Reader } from './reads.ts';

export { expectedMealsForDay, expectedMealsForSchoolDay, type ExpectedSchoolMeal } from './expected-meals.ts';

/** Where a child eats: a school and (usually) a class, whose rientri decide the weekdays. */
export interface ClassPlace {
  tenantId: string;
  schoolId: string;
  classId: string | null;
}

/** A calendar on which the service never runs (no period stored for that school and year). */
function calendarThatNeverRuns(schoolYear: string | undefined): ServiceCalendar {
  const { from, to } = schoolYearBounds(schoolYear ?? '1970/1971');
  return { startsOn: from, endsOn: to, closures: new Map(), mealWeekdays: [] };
}

/** A school's period and closures for a school year, without the class's weekdays. */
async function loadSchoolPeriod(db: Reader, tenantId: string, schoolId: string, schoolYear?: string) {
  const period = await db.serviceCalendar.findFirst({
    where: { tenantId, schoolId, ...(schoolYear ? { schoolYear } : {}) },
    orderBy: { schoolYear: 'desc' },
  });
  if (!period) return null;
  const closures = await db.closureDay.findMany({
    where: { tenantId, schoolId, date: { gte: period.startsOn, lte: period.endsOn } },
    select: { date: true, reason: true },
  });
  return {
    startsOn: fromDbDate(period.startsOn),
    endsOn: fromDbDate(period.endsOn),
    closures: new Map(closures.map((c) => [fromDbDate(c.date), c.reason])),
  };
}

async function classWeekdays(db: Reader, place: ClassPlace): Promise<number[]> {
  if (!place.classId) return KITCHEN_WEEKDAYS;
  const schoolClass = await db.schoolClass.findFirst({
    where: { id: place.classId, tenantId: place.tenantId, schoolId: place.schoolId },
    select: { mealWeekdays: true },
  });
  return schoolClass?.mealWeekdays ?? [];
}

/**
 * The canteen calendar of a school and class for a school year ("2026/2027"); without a year, the latest one
 * stored for the school. A school with no period stored gets a calendar on which the service never runs.
 */
export async function loadServiceCalendar(db: Reader, place: ClassPlace, schoolYear?: string): Promise<ServiceCalendar> {
  const [period, mealWeekdays] = await readTogether(
    db,
    () => loadSchoolPeriod(db, place.tenantId, place.schoolId, schoolYear),
    () => classWeekdays(db, place),
  );
  return period ? { ...period, mealWeekdays } : calendarThatNeverRuns(schoolYear);
}

export interface StudentRef {
  id: string;
  tenantId: string;
  schoolId: string;
  classId: string | null;
}

export interface DayMeal {
  day: IsoDate;
  /** the canteen runs for the child's class that day (school calendar, closures, rientri) */
  runs: boolean;
  /** the reason of a declared closure (holiday, bridge, strike…); null on weekends and days without rientro */
  closureReason: string | null;
  enrolled: boolean;
  status: ExpectedMeal;
  booking: { status: MealStatus; requestedAt: Date | null; closedAt: Date | null; chargedCents: number | null } | null;
  /** inside a prolonged absence (disdetta prolungata) */
  inProlongedAbsence: boolean;
}

/** The canteen of one child day by day, as the parent sees it (calendar, period search). */
export async function mealStatusesForStudent(db: Reader, student: StudentRef, from: IsoDate, to: IsoDate): Promise<DayMeal[]> {
  const { tenantId } = student;
  const days = eachDay(from, to);
  if (days.length === 0) return [];
  const schoolYears = [...new Set(days.map(schoolYearOf))];
  const [enrollments, closings, bookings, absences] = await readTogether(
    db,
    () =>
      db.enrollment.findMany({ where: { tenantId, studentId: student.id, service: { kind: 'CANTEEN' }, schoolYear: { in: schoolYears } } }),
    () => db.serviceDayClosing.findMany({ where: { tenantId, date: { gte: toDbDate(from), lte: toDbDate(to) } }, select: { date: true } }),
    () => db.booking.findMany({ where: { tenantId, studentId: student.id, date: { gte: toDbDate(from), lte: toDbDate(to) } } }),
    () => db.prolongedAbsence.findMany({ where: { tenantId, studentId: student.id } }),
  );
  const calendars = new Map<string, ServiceCalendar>();
  for (const schoolYear of schoolYears) {
    const enrollment = enrollments.find((e) => e.schoolYear === schoolYear);
    const place = enrollment
      ? { tenantId, schoolId: enrollment.schoolId, classId: enrollment.classId ?? student.classId }
      : { tenantId, schoolId: student.schoolId, classId: student.classId };
    calendars.set(schoolYear, await loadServiceCalendar(db, place, schoolYear));
  }
  const bookingOf = new Map(bookings.map((b) => [fromDbDate(b.date), b]));
  const closedDays = new Set(closings.map((c) => fromDbDate(c.date)));
  const spans = spansOf(absences);
  return days.map((day) => {
    const schoolYear = schoolYearOf(day);
    const calendar = calendars.get(schoolYear)!;
    const enrollment = enrollments.find((e) => e.schoolYear === schoolYear);
    const enrolled =
      !!enrollment &&
      isEnrolledOn(
        {
          state: enrollment.state,
          startsOn: fromDbDate(enrollment.startsOn),
          endsOn: enrollment.endsOn ? fromDbDate(enrollment.endsOn) : null,
        },
        day,
      );
    const booking = bookingOf.get(day) ?? null;
    const runs = serviceRunsOn(calendar, day);
    return {
      day,
      runs,
      closureReason: closureReason(calendar, day),
      enrolled,
      status: mealOfDay({
        day,
        runs,
        enrolled,
        booking: booking ? { status: booking.status, closed: booking.closedAt !== null } : null,
        prolongedAbsences: spans,
        dayClosed: closedDays.has(day),
      }),
      booking: booking
        ? { status: booking.status, requestedAt: booking.requestedAt, closedAt: booking.closedAt, chargedCents: booking.chargedCents }
        : null,
      inProlongedAbsence: spans.some((s) => s.startsOn <= day && (s.endsOn === null || day <= s.endsOn)),
    };
  });
}

/** The calendar that applies to a child on a day (its enrollment's class for that school year). */
export async function serviceCalendarOfStudent(db: Reader, student: StudentRef, day: IsoDate): Promise<ServiceCalendar> {
  const schoolYear = schoolYearOf(day);
  const enrollment = await db.enrollment.findFirst({
    where: { tenantId: student.tenantId, studentId: student.id, schoolYear, service: { kind: 'CANTEEN' } },
  });
  const place = enrollment
    ? { tenantId: student.tenantId, schoolId: enrollment.schoolId, classId: enrollment.classId ?? student.classId }
    : student;
  return loadServiceCalendar(db, place, schoolYear);
}

/**
 * The meal a "disdici il prossimo pasto" would act on: the first service day on or after today (today only
 * while before the cutoff), with its current status; null when the child has no canteen meal coming.
 */
export async function nextMealFor(
  db: Reader,
  tenant: Pick<Tenant, 'cutoffTime'>,
  student: StudentRef,
  now: Date,
): Promise<{ day: IsoDate; status: MealStatus } | null> {
  const calendar = await serviceCalendarOfStudent(db, student, romeDateOf(now));
  const day = firstRequestableServiceDay(calendar, now, tenant.cutoffTime);
  if (!day) return null;
  const [meal] = await mealStatusesForStudent(db, student, day, day);
  return meal.status === 'NO_SERVICE' ? null : { day, status: meal.status };
}
