// The meals a kitchen cooks on a day, derived from enrollments, calendars, closures, prolonged absences and the
// parents' requests — never from a job having run, so the count is right even when the day-close job is down.
import { isoWeekday, toDbDate, fromDbDate, type IsoDate } from '../../domain/dates.ts';
import { isEnrolledOn, mealOfDay, type MealStatus } from '../../domain/meal-day.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import type { PriceInput } from '../../domain/tariffs.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { loadPriceBook } from '../pricing/inputs.ts';
import { KITCHEN_WEEKDAYS, readTogether, spansOf, type Reader } from './reads.ts';

export interface ExpectedSchoolMeal {
  schoolId: string;
  studentId: string;
  firstName: string;
  lastName: string;
  badgeNumber: string;
  classId: string | null;
  className: string | null;
  dietCode: string | null;
  dietNote: string | null;
  status: MealStatus;
  /** the stored booking of that day, if any (a request before the close; what happened after it) */
  booking: { id: string; status: MealStatus; closedAt: Date | null; chargedCents: number | null } | null;
  /** what pricing the meal needs: the input of priceOfUnit for that day */
  enrollment: {
    id: string;
    serviceId: string;
    pricing: PriceInput;
  };
}

interface EnrollmentRow {
  id: string;
  studentId: string;
  serviceId: string;
  schoolYear: string;
  schoolId: string;
  classId: string | null;
  state: 'ACTIVE' | 'ENDED';
  startsOn: Date;
  endsOn: Date | null;
  iseeCents: number | null;
  exemptionReason: string | null;
  mealWeekdays: number[];
  dietCode: string | null;
  dietNote: string | null;
  schoolClass: { id: string; name: string; mealWeekdays: number[] } | null;
  student: { firstName: string; lastName: string; badgeNumber: string; classId: string | null; guardianId: string };
}

/**
 * The canteen enrollments running on a day with their class and child, in one joined query: for a
 * Comune of 20,000 children Prisma's includes would send the child ids back as 20,000 parameters.
 */
async function canteenEnrollmentsOn(db: Reader, tenantId: string, schoolYear: string, day: Date, schoolId: string | undefined) {
  const rows = await db.$queryRaw<(Omit<EnrollmentRow, 'schoolClass' | 'student'> & Record<string, unknown>)[]>`
    SELECT e.id, e."studentId", e."serviceId", e."schoolYear", e."schoolId", e."classId", e.state::text AS state,
           e."startsOn", e."endsOn", e."iseeCents", e."exemptionReason", e."mealWeekdays", e."dietCode", e."dietNote",
           c.name AS "className", c."mealWeekdays" AS "classMealWeekdays", s."firstName", s."lastName", s."badgeNumber",
           s."classId" AS "studentClassId", s."guardianId"
    FROM "Enrollment" e
    JOIN "Service" v ON v."tenantId" = e."tenantId" AND v.id = e."serviceId"
    JOIN "Student" s ON s."tenantId" = e."tenantId" AND s.id = e."studentId"
    LEFT JOIN "SchoolClass" c ON c."tenantId" = e."tenantId" AND c.id = e."classId"
    WHERE e."tenantId" = ${tenantId}::uuid AND e."schoolYear" = ${schoolYear} AND v.kind = 'CANTEEN'
      AND e."startsOn" <= ${day}::date AND (e."endsOn" IS NULL OR e."endsOn" >= ${day}::date)
      ${schoolId ? Prisma.sql`AND e."schoolId" = ${schoolId}::uuid` : Prisma.empty}`;
  return rows.map((r): EnrollmentRow => ({
    id: r.id,
    studentId: r.studentId,
    serviceId: r.serviceId,
    schoolYear: r.schoolYear,
    schoolId: r.schoolId,
    classId: r.classId,
    state: r.state,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    iseeCents: r.iseeCents,
    exemptionReason: r.exemptionReason,
    mealWeekdays: r.mealWeekdays,
    dietCode: r.dietCode,
    dietNote: r.dietNote,
    schoolClass: r.classId ? { id: r.classId, name: r.className as string, mealWeekdays: r.classMealWeekdays as number[] } : null,
    student: {
      firstName: r.firstName as string,
      lastName: r.lastName as string,
      badgeNumber: r.badgeNumber as string,
      classId: r.studentClassId as string | null,
      guardianId: r.guardianId as string,
    },
  }));
}

/**
 * Every child expected at the canteen of a school on a day, with their meal (PRESENT, ABSENT or BLAND);
 * children whose class does not eat that day, or whose school is closed, are not listed.
 */
export function expectedMealsForSchoolDay(db: Reader, tenantId: string, schoolId: string, date: IsoDate): Promise<ExpectedSchoolMeal[]> {
  return expectedMealsOfDay(db, tenantId, date, schoolId);
}

/** The same for every school of the Comune at once (the day close), in a handful of queries. */
export function expectedMealsForDay(db: Reader, tenantId: string, date: IsoDate): Promise<ExpectedSchoolMeal[]> {
  return expectedMealsOfDay(db, tenantId, date, undefined);
}

async function expectedMealsOfDay(
  db: Reader,
  tenantId: string,
  date: IsoDate,
  schoolId: string | undefined,
): Promise<ExpectedSchoolMeal[]> {
  const schoolYear = schoolYearOf(date);
  const day = toDbDate(date);
  const scope = { tenantId, ...(schoolId ? { schoolId } : {}) };
  const [periods, closures, enrollments, dayClosing] = await readTogether(
    db,
    () =>
      db.serviceCalendar.findMany({
        where: { ...scope, schoolYear, startsOn: { lte: day }, endsOn: { gte: day } },
        select: { schoolId: true },
      }),
    () => db.closureDay.findMany({ where: { ...scope, date: day }, select: { schoolId: true } }),
    () => canteenEnrollmentsOn(db, tenantId, schoolYear, day, schoolId),
    () => db.serviceDayClosing.findUnique({ where: { tenantId_date: { tenantId, date: day } }, select: { id: true } }),
  );
  const closed = new Set(closures.map((c) => c.schoolId));
  const openSchools = new Set(periods.map((p) => p.schoolId).filter((id) => !closed.has(id)));
  const schoolsInPeriod = new Set(periods.map((p) => p.schoolId));
  const enrolled = enrollments.filter(
    (e) =>
      schoolsInPeriod.has(e.schoolId) &&
      isEnrolledOn({ state: e.state, startsOn: fromDbDate(e.startsOn), endsOn: e.endsOn ? fromDbDate(e.endsOn) : null }, date),
  );
  // For the whole Comune the day's rows are read by tenant and day alone, not with a list of every child.
  const students = schoolId ? { studentId: { in: enrolled.map((e) => e.studentId) } } : {};
  const [bookings, absences, studentClasses, prices] = await readTogether(
    db,
    () => db.booking.findMany({ where: { tenantId, date: day, ...students } }),
    () =>
      db.prolongedAbsence.findMany({
        where: { tenantId, ...students, startsOn: { lte: day }, OR: [{ endsOn: null }, { endsOn: { gte: day } }] },
      }),
    // children whose enrollment names no class eat with the class on their student record
    () =>
      db.schoolClass.findMany({
        where: { tenantId, id: { in: enrolled.filter((e) => !e.classId && e.student.classId).map((e) => e.student.classId!) } },
        select: { id: true, name: true, mealWeekdays: true },
      }),
    () => loadPriceBook(db, tenantId, enrolled, { wholeComune: !schoolId }),
  );
  const bookingOf = new Map(bookings.map((b) => [b.studentId, b]));
  const classOf = new Map(studentClasses.map((c) => [c.id, c]));
  const absencesOf = new Map<string, typeof absences>();
  for (const absence of absences) absencesOf.set(absence.studentId, [...(absencesOf.get(absence.studentId) ?? []), absence]);
  const weekday = isoWeekday(date);
  const meals: ExpectedSchoolMeal[] = [];
  for (const e of enrolled) {
    const schoolClass = e.schoolClass ?? (e.student.classId ? classOf.get(e.student.classId) : undefined) ?? null;
    const booking = bookingOf.get(e.studentId) ?? null;
    const status = mealOfDay({
      day: date,
      runs: openSchools.has(e.schoolId) && rientriOf(e.mealWeekdays, schoolClass).includes(weekday),
      enrolled: true,
      booking: booking ? { status: booking.status, closed: booking.closedAt !== null } : null,
      prolongedAbsences: spansOf(absencesOf.get(e.studentId) ?? []),
      dayClosed: dayClosing !== null,
    });
    if (status === 'NO_SERVICE') continue;
    meals.push({
      schoolId: e.schoolId,
      studentId: e.studentId,
      firstName: e.student.firstName,
      lastName: e.student.lastName,
      badgeNumber: e.student.badgeNumber,
      classId: schoolClass?.id ?? null,
      className: schoolClass?.name ?? null,
      dietCode: e.dietCode,
      dietNote: e.dietNote,
      status,
      booking: booking ? { id: booking.id, status: booking.status, closedAt: booking.closedAt, chargedCents: booking.chargedCents } : null,
      enrollment: { id: e.id, serviceId: e.serviceId, pricing: prices.inputFor(e, date) },
    });
  }
  return meals.sort(
    (a, b) =>
      byName.compare(a.className ?? '', b.className ?? '') ||
      byName.compare(a.lastName, b.lastName) ||
      byName.compare(a.firstName, b.firstName),
  );
}

const byName = new Intl.Collator('it');

/** The child's own rientri when the enrollment sets them, else the class's, else every kitchen weekday. */
function rientriOf(enrollmentWeekdays: readonly number[], schoolClass: { mealWeekdays: number[] } | null): readonly number[] {
  if (enrollmentWeekdays.length) return enrollmentWeekdays;
  return schoolClass ? schoolClass.mealWeekdays : KITCHEN_WEEKDAYS;
}
