// What the parent pages show: the month calendar, the period search and the absences page.
import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { EU_ALLERGEN_NUMBERS } from '../../domain/allergens.ts';
import { isBeforeCutoff } from '../../domain/cutoff.ts';
import { fromDbDate, isoWeekday, romeDateOf, eachDay, type IsoDate } from '../../domain/dates.ts';
import { allowedDayActions } from '../../domain/meal-day.ts';
import { dayLabel, monthGrid, monthOf, schoolWeekOf, shiftMonth, type Month } from '../../domain/month-grid.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import type { Language } from '../../web/i18n.ts';
import { selectedStudent, type FamilyStudent } from '../family/scope.ts';
import { mealStatusesForStudent, monthMealsAndNextMeal, type DayMeal } from './meals.ts';
import { menusForStudent } from './menus.ts';

type PageTenant = Pick<Tenant, 'id' | 'cutoffTime'>;

async function openProlongedFrom(db: Db, student: FamilyStudent): Promise<IsoDate | null> {
  const open = await db.prolongedAbsence.findFirst({
    where: { tenantId: student.tenantId, studentId: student.id, endsOn: null },
    orderBy: { startsOn: 'desc' },
  });
  return open ? fromDbDate(open.startsOn) : null;
}

/** The menu of one day (today, or the next meal's day when today has none) and of its school week. */
async function menusAround(db: Db, student: FamilyStudent, day: IsoDate, lang: Language) {
  const week = schoolWeekOf(day);
  const { menus, dietCode } = await menusForStudent(db, student, week.monday, week.friday);
  return {
    day,
    ofDay: menus.get(day) ?? null,
    week: eachDay(week.monday, week.friday).map((d) => ({ day: d, label: dayLabel(d, lang), menu: menus.get(d) ?? null })),
    dietCode,
    allergenLegend: EU_ALLERGEN_NUMBERS,
  };
}

export async function calendarPage(
  db: Db,
  args: { auth: SessionAuth; tenant: PageTenant; studentId: unknown; month: Month | undefined; now: Date; lang: Language },
) {
  const { tenant, now } = args;
  const { students, student } = await selectedStudent(db, args.auth, args.studentId);
  const today = romeDateOf(now);
  const shown = args.month ?? monthOf(today);
  const grid = monthGrid(shown);
  const {
    meals,
    nextMeal,
    openProlongedFrom: openFrom,
  } = await monthMealsAndNextMeal(db, tenant, student, { from: grid.gridStart, to: grid.gridEnd }, now);
  const todayRuns = meals.find((m) => m.day === today)?.runs ?? false;
  const days = meals.map((meal) => {
    const closed = meal.booking?.closedAt != null;
    return {
      ...meal,
      inMonth: meal.day >= grid.first && meal.day <= grid.last,
      isToday: meal.day === today,
      weekend: isoWeekday(meal.day) > 5,
      closed,
      actions: allowedDayActions({
        day: meal.day,
        runs: meal.runs,
        enrolled: meal.enrolled,
        closed,
        beforeCutoff: isBeforeCutoff(meal.day, now, tenant.cutoffTime),
        requested: meal.booking && !closed ? meal.booking.status : null,
        inProlongedAbsence: meal.inProlongedAbsence,
        openProlongedFrom: openFrom,
      }),
    };
  });
  const weeks: (typeof days)[] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return {
    students,
    student,
    today,
    month: { value: shown, previous: shiftMonth(shown, -1), next: shiftMonth(shown, 1) },
    weeks,
    openProlongedFrom: openFrom,
    nextMeal,
    menu: await menusAround(db, student, todayRuns ? today : (nextMeal?.day ?? today), args.lang),
  };
}

export type CalendarPage = Awaited<ReturnType<typeof calendarPage>>;

/** Seed 000's period search: the service days (and any recorded day) of one child, with menu and charge. */
export async function mealSearch(db: Db, args: { auth: SessionAuth; studentId: unknown; period: { from: IsoDate; to: IsoDate } | null }) {
  const { students, student } = await selectedStudent(db, args.auth, args.studentId);
  if (!args.period) return { students, student, rows: null, totalChargedCents: 0 };
  const { from, to } = args.period;
  const [meals, { menus }] = await Promise.all([mealStatusesForStudent(db, student, from, to), menusForStudent(db, student, from, to)]);
  const rows = meals
    .filter((m: DayMeal) => (m.runs && m.enrolled) || m.booking?.closedAt)
    .map((m) => ({ ...m, closed: m.booking?.closedAt != null, menu: menus.get(m.day) ?? null }));
  const totalChargedCents = rows.reduce((sum, row) => sum + (row.closed ? (row.booking?.chargedCents ?? 0) : 0), 0);
  return { students, student, rows, totalChargedCents };
}

/** The "Comunicazione assenze" page: the family's children and the chosen child's open prolonged absence. */
export async function absencesPage(db: Db, args: { auth: SessionAuth; studentId: unknown }) {
  const { students, student } = await selectedStudent(db, args.auth, args.studentId);
  return { students, student, openProlongedFrom: await openProlongedFrom(db, student) };
}
