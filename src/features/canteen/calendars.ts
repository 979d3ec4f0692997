// The canteen calendars of schools and classes: service periods, closures, the classes' weekdays. Kept between
// requests while the change feed listens (src/db/change-feed.ts), read for each call otherwise.
import { keptRead } from '../../db/change-feed.ts';
import { fromDbDate, toDbDate } from '../../domain/dates.ts';
import { schoolYearBounds } from '../../domain/school-year.ts';
import type { ServiceCalendar } from '../../domain/service-days.ts';
import { KITCHEN_WEEKDAYS, readTogether, type Reader } from './reads.ts';

/** Where a child eats: a school and (usually) a class, whose rientri decide the weekdays. */
export interface ClassPlace {
  tenantId: string;
  schoolId: string;
  classId: string | null;
  /** the child's own rientri from the enrollment; empty or missing = the class's */
  mealWeekdays?: readonly number[];
}

/** A calendar on which the service never runs (no period stored for that school and year). */
function calendarThatNeverRuns(schoolYear: string | undefined): ServiceCalendar {
  const { from, to } = schoolYearBounds(schoolYear ?? '1970/1971');
  return { startsOn: from, endsOn: to, closures: new Map(), mealWeekdays: [] };
}

/** Every period, closure and class weekday list of the Comune (a few hundred rows), kept until one is written. */
function keptCalendars(db: Reader, tenantId: string) {
  return keptRead(db, `calendars|${tenantId}`, ['ServiceCalendar', 'ClosureDay', 'SchoolClass'], () =>
    readTogether(
      db,
      () => db.serviceCalendar.findMany({ where: { tenantId } }),
      () => db.closureDay.findMany({ where: { tenantId }, select: { schoolId: true, date: true, reason: true } }),
      () => db.schoolClass.findMany({ where: { tenantId }, select: { id: true, schoolId: true, mealWeekdays: true } }),
    ),
  );
}

/**
 * The canteen calendars of several (school year, school and class) pairs in one round of three queries:
 * the periods, the closures of those school years and the classes' weekdays. A class only counts at its
 * own school; a period reaching outside its school year (never stored in practice) has its closures
 * read on its own.
 */
export async function loadServiceCalendars(
  db: Reader,
  tenantId: string,
  wanted: readonly { schoolYear: string; place: ClassPlace }[],
): Promise<ServiceCalendar[]> {
  if (wanted.length === 0) return [];
  const schoolIds = [...new Set(wanted.map((w) => w.place.schoolId))];
  const schoolYears = [...new Set(wanted.map((w) => w.schoolYear))];
  const classIds = [...new Set(wanted.flatMap((w) => (w.place.classId ? [w.place.classId] : [])))];
  const bounds = schoolYears.map(schoolYearBounds);
  // closures of whole school years: a period's dates are not known before it is read
  const loaded = { from: bounds.map((b) => b.from).sort()[0], to: bounds.map((b) => b.to).sort()[bounds.length - 1] };
  const kept = keptCalendars(db, tenantId);
  const [periods, yearClosures, classes] = kept
    ? await kept
    : await readTogether(
        db,
        () => db.serviceCalendar.findMany({ where: { tenantId, schoolId: { in: schoolIds }, schoolYear: { in: schoolYears } } }),
        () =>
          db.closureDay.findMany({
            where: { tenantId, schoolId: { in: schoolIds }, date: { gte: toDbDate(loaded.from), lte: toDbDate(loaded.to) } },
            select: { schoolId: true, date: true, reason: true },
          }),
        () =>
          classIds.length === 0
            ? Promise.resolve([])
            : db.schoolClass.findMany({
                where: { tenantId, id: { in: classIds } },
                select: { id: true, schoolId: true, mealWeekdays: true },
              }),
      );
  const calendars: ServiceCalendar[] = [];
  for (const { schoolYear, place } of wanted) {
    const period = periods.find((p) => p.schoolId === place.schoolId && p.schoolYear === schoolYear);
    if (!period) {
      calendars.push(calendarThatNeverRuns(schoolYear));
      continue;
    }
    const startsOn = fromDbDate(period.startsOn);
    const endsOn = fromDbDate(period.endsOn);
    const closures =
      kept || (startsOn >= loaded.from && endsOn <= loaded.to)
        ? yearClosures
        : await db.closureDay.findMany({
            where: { tenantId, schoolId: place.schoolId, date: { gte: period.startsOn, lte: period.endsOn } },
            select: { schoolId: true, date: true, reason: true },
          });
    const schoolClass = classes.find((c) => c.id === place.classId && c.schoolId === place.schoolId);
    calendars.push({
      startsOn,
      endsOn,
      closures: new Map(
        closures
          .filter((c) => c.schoolId === place.schoolId)
          .map((c) => [fromDbDate(c.date), c.reason] as const)
          .filter(([day]) => day >= startsOn && day <= endsOn),
      ),
      mealWeekdays: place.mealWeekdays?.length ? place.mealWeekdays : place.classId ? (schoolClass?.mealWeekdays ?? []) : KITCHEN_WEEKDAYS,
    });
  }
  return calendars;
}

/**
 * The canteen calendar of a school and class for a school year ("2026/2027"); without a year, the latest one
 * stored for the school. A school with no period stored gets a calendar on which the service never runs.
 */
export async function loadServiceCalendar(db: Reader, place: ClassPlace, schoolYear?: string): Promise<ServiceCalendar> {
  const year =
    schoolYear ??
    (
      await db.serviceCalendar.findFirst({
        where: { tenantId: place.tenantId, schoolId: place.schoolId },
        orderBy: { schoolYear: 'desc' },
        select: { schoolYear: true },
      })
    )?.schoolYear;
  if (!year) return calendarThatNeverRuns(undefined);
  const [calendar] = await loadServiceCalendars(db, place.tenantId, [{ schoolYear: year, place }]);
  return calendar;
}
