// Read-only derivations of who eats when. Nothing here depends on the day-close job having run: meals are
// computed from enrollments, calendars, closures, prolonged absences and the parents' requests.
import { isInProlongedAbsence, type ExpectedMeal } from '../../domain/attendance.ts';
import { eachDay, fromDbDate, romeDateOf, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { isEnrolledOn, mealOfDay, type MealStatus } from '../../domain/meal-day.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import { closureReason, firstRequestableServiceDay, serviceRunsOn, type ServiceCalendar } from '../../domain/service-days.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { loadServiceCalendar, loadServiceCalendars, type ClassPlace } from './calendars.ts';
import { readTogether, spansOf, type Reader } from './reads.ts';

export { expectedMealsForDay, expectedMealsForSchoolDay, type ExpectedSchoolMeal } from './expected-meals.ts';
export { loadServiceCalendar, type ClassPlace } from './calendars.ts';

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

type EnrollmentRow = Awaited<ReturnType<Reader['enrollment']['findMany']>>[number];
type BookingRow = Awaited<ReturnType<Reader['booking']['findMany']>>[number];

/** Where a child eats in a school year: their canteen enrollment's school and class, else their own. */
function placeOf(student: StudentRef, enrollment: EnrollmentRow | undefined): ClassPlace {
  return enrollment
    ? {
        tenantId: student.tenantId,
        schoolId: enrollment.schoolId,
        classId: enrollment.classId ?? student.classId,
        mealWeekdays: enrollment.mealWeekdays,
      }
    : { tenantId: student.tenantId, schoolId: student.schoolId, classId: student.classId };
}

/** What one child's days are derived from, as read from the database. */
interface MealRecords {
  /** the child's canteen enrollments of the school years concerned */
  enrollments: EnrollmentRow[];
  bookings: BookingRow[];
  /** days the day-close job has closed */
  closedDays: ReadonlySet<IsoDate>;
  absences: readonly { startsOn: Date; endsOn: Date | null }[];
}

/** The day-by-day derivation shared by every reader: the rules themselves are the domain's. */
function dayMealsOf(records: MealRecords, calendarOf: (schoolYear: string) => ServiceCalendar, days: IsoDate[]): DayMeal[] {
  const bookingOf = new Map(records.bookings.map((b) => [fromDbDate(b.date), b]));
  const spans = spansOf(records.absences);
  return days.map((day) => {
    const schoolYear = schoolYearOf(day);
    const calendar = calendarOf(schoolYear);
    const enrollment = records.enrollments.find((e) => e.schoolYear === schoolYear);
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
        dayClosed: records.closedDays.has(day),
      }),
      booking: booking
        ? { status: booking.status, requestedAt: booking.requestedAt, closedAt: booking.closedAt, chargedCents: booking.chargedCents }
        : null,
      inProlongedAbsence: isInProlongedAbsence(day, spans),
    };
  });
}

/**
 * The records of these children from `from` on (to `to` when given) for the given school years, in one
 * round of queries: canteen enrollments, day closes, bookings and prolonged absences.
 */
async function mealRecordsOf(
  db: Reader,
  tenantId: string,
  studentIds: string[],
  schoolYears: string[],
  range: { from: IsoDate; to?: IsoDate },
) {
  const dates = { gte: toDbDate(range.from), ...(range.to ? { lte: toDbDate(range.to) } : {}) };
  const [enrollments, closings, bookings, absences] = await readTogether(
    db,
    () =>
      db.enrollment.findMany({
        where: { tenantId, studentId: { in: studentIds }, service: { kind: 'CANTEEN' }, schoolYear: { in: schoolYears } },
      }),
    () => db.serviceDayClosing.findMany({ where: { tenantId, date: dates }, select: { date: true } }),
    () => db.booking.findMany({ where: { tenantId, studentId: { in: studentIds }, date: dates } }),
    () => db.prolongedAbsence.findMany({ where: { tenantId, studentId: { in: studentIds } } }),
  );
  const closedDays = new Set(closings.map((c) => fromDbDate(c.date)));
  return (studentId: string): MealRecords => ({
    enrollments: enrollments.filter((e) => e.studentId === studentId),
    bookings: bookings.filter((b) => b.studentId === studentId),
    closedDays,
    absences: absences.filter((a) => a.studentId === studentId),
  });
}

/**
 * The records and calendars of some children for some school years, from `from` on (to `to` when given), in
 * two rounds of queries, and the days derived from them.
 */
async function loadMeals(db: Reader, students: readonly StudentRef[], schoolYears: string[], range: { from: IsoDate; to?: IsoDate }) {
  const { tenantId } = students[0];
  const recordsOf = await mealRecordsOf(
    db,
    tenantId,
    students.map((s) => s.id),
    schoolYears,
    range,
  );
  const wanted = students.flatMap((student) =>
    schoolYears.map((schoolYear) => ({
      studentId: student.id,
      schoolYear,
      place: placeOf(
        student,
        recordsOf(student.id).enrollments.find((e) => e.schoolYear === schoolYear),
      ),
    })),
  );
  const calendars = await loadServiceCalendars(db, tenantId, wanted);
  const calendarOf = (studentId: string, schoolYear: string) =>
    calendars[wanted.findIndex((w) => w.studentId === studentId && w.schoolYear === schoolYear)];
  return {
    calendarOf,
    covers: (day: IsoDate) => day >= range.from && (range.to === undefined || day <= range.to) && schoolYears.includes(schoolYearOf(day)),
    mealsOf: (student: StudentRef, days: IsoDate[]) =>
      dayMealsOf(recordsOf(student.id), (schoolYear) => calendarOf(student.id, schoolYear), days),
    /** the first day of the child's open prolonged absence (no end yet; the latest if several) */
    openProlongedFrom: (student: StudentRef): IsoDate | null => {
      const open = recordsOf(student.id).absences.filter((a) => a.endsOn === null);
      const latest = open.reduce<(typeof open)[number] | null>((a, b) => (a && a.startsOn >= b.startsOn ? a : b), null);
      return latest ? fromDbDate(latest.startsOn) : null;
    },
  };
}

type LoadedMeals = Awaited<ReturnType<typeof loadMeals>>;

/** The canteen of one child day by day, as the parent sees it (calendar, period search). */
export async function mealStatusesForStudent(db: Reader, student: StudentRef, from: IsoDate, to: IsoDate): Promise<DayMeal[]> {
  const days = eachDay(from, to);
  if (days.length === 0) return [];
  const loaded = await loadMeals(db, [student], [...new Set(days.map(schoolYearOf))], { from, to });
  return loaded.mealsOf(student, days);
}

/** The calendar that applies to a child on a day (its enrollment's class for that school year). */
export async function serviceCalendarOfStudent(db: Reader, student: StudentRef, day: IsoDate): Promise<ServiceCalendar> {
  const schoolYear = schoolYearOf(day);
  const enrollment = await db.enrollment.findFirst({
    where: { tenantId: student.tenantId, studentId: student.id, schoolYear, service: { kind: 'CANTEEN' } },
  });
  return loadServiceCalendar(db, placeOf(student, enrollment ?? undefined), schoolYear);
}

export type NextMeal = { day: IsoDate; status: MealStatus } | null;

/** The next meal of a child from what is loaded (today's school year from today on); else read on its own. */
async function nextMealIn(db: Reader, loaded: LoadedMeals, tenant: Pick<Tenant, 'cutoffTime'>, student: StudentRef, now: Date) {
  const day = firstRequestableServiceDay(loaded.calendarOf(student.id, schoolYearOf(romeDateOf(now))), now, tenant.cutoffTime);
  if (!day) return null;
  // a period running past its school year (never stored in practice) is read like any other day
  const [meal] = loaded.covers(day) ? loaded.mealsOf(student, [day]) : await mealStatusesForStudent(db, student, day, day);
  return meal.status === 'NO_SERVICE' ? null : { day, status: meal.status };
}

/**
 * The same for several children of one Comune at once (the parent's home), in two rounds of queries: every
 * record from today on, since the next meal is not known before the calendars are (and bookings and day
 * closes ahead of today are few).
 */
export async function nextMealsFor(
  db: Reader,
  tenant: Pick<Tenant, 'cutoffTime'>,
  students: readonly StudentRef[],
  now: Date,
): Promise<Map<string, NextMeal>> {
  const next = new Map<string, NextMeal>();
  if (students.length === 0) return next;
  const today = romeDateOf(now);
  const loaded = await loadMeals(db, students, [schoolYearOf(today)], { from: today });
  for (const student of students) next.set(student.id, await nextMealIn(db, loaded, tenant, student, now));
  return next;
}

/** The calendar page's days from `from` to `to` and the child's next meal, from one read of their records. */
export async function monthMealsAndNextMeal(
  db: Reader,
  tenant: Pick<Tenant, 'cutoffTime'>,
  student: StudentRef,
  range: { from: IsoDate; to: IsoDate },
  now: Date,
): Promise<{ meals: DayMeal[]; nextMeal: NextMeal; openProlongedFrom: IsoDate | null }> {
  const today = romeDateOf(now);
  const days = eachDay(range.from, range.to);
  const schoolYears = [...new Set([...days.map(schoolYearOf), schoolYearOf(today)])];
  // open-ended, so that the next meal (on or after today, after the shown month too) is covered
  const loaded = await loadMeals(db, [student], schoolYears, { from: range.from < today ? range.from : today });
  return {
    meals: loaded.mealsOf(student, days),
    nextMeal: await nextMealIn(db, loaded, tenant, student, now),
    openProlongedFrom: loaded.openProlongedFrom(student),
  };
}
