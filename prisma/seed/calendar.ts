// School calendars 2026/2027: the service period of each school and the days the canteen is closed.
import type { IsoDate } from '../../src/domain/dates.ts';
import { serviceRunsOn, type ServiceCalendar } from '../../src/domain/service-days.ts';
import { SCHOOL_YEAR, type ClassRef, type SchoolRef, type SeedContext } from './context.ts';
import { daysFromTo, dbDate, weekdayOf } from './days.ts';

export type ClosureKindKey = 'HOLIDAY' | 'BREAK' | 'BRIDGE' | 'EXTRAORDINARY';

export interface ClosureSpec {
  from: IsoDate;
  to?: IsoDate;
  kind: ClosureKindKey;
  reason: string;
}

/**
 * National holidays and the usual breaks of the Lombard school calendar 2026/2027. Holidays inside a break keep
 * their own name; later entries win, so the holidays are listed after the breaks.
 */
export const NATIONAL_CLOSURES: readonly ClosureSpec[] = [
  { from: '2026-12-23', to: '2027-01-06', kind: 'BREAK', reason: 'Vacanze di Natale' },
  { from: '2027-03-25', to: '2027-03-30', kind: 'BREAK', reason: 'Vacanze di Pasqua' },
  { from: '2026-12-07', kind: 'BRIDGE', reason: "Ponte dell'Immacolata" },
  { from: '2026-11-01', kind: 'HOLIDAY', reason: 'Tutti i Santi' },
  { from: '2026-12-08', kind: 'HOLIDAY', reason: 'Immacolata Concezione' },
  { from: '2026-12-25', kind: 'HOLIDAY', reason: 'Natale' },
  { from: '2026-12-26', kind: 'HOLIDAY', reason: 'Santo Stefano' },
  { from: '2027-01-01', kind: 'HOLIDAY', reason: 'Capodanno' },
  { from: '2027-01-06', kind: 'HOLIDAY', reason: 'Epifania' },
  { from: '2027-03-29', kind: 'HOLIDAY', reason: "Lunedì dell'Angelo" },
  { from: '2027-04-25', kind: 'HOLIDAY', reason: 'Festa della Liberazione' },
  { from: '2027-05-01', kind: 'HOLIDAY', reason: 'Festa del Lavoro' },
  { from: '2027-06-02', kind: 'HOLIDAY', reason: 'Festa della Repubblica' },
];

/** One entry per weekday inside [startsOn, endsOn]; weekends are never stored (the service does not run anyway). */
export function closureDays(
  specs: readonly ClosureSpec[],
  startsOn: IsoDate,
  endsOn: IsoDate,
): Map<IsoDate, { kind: ClosureKindKey; reason: string }> {
  const days = new Map<IsoDate, { kind: ClosureKindKey; reason: string }>();
  for (const spec of specs) {
    for (const day of daysFromTo(spec.from, spec.to ?? spec.from)) {
      if (day < startsOn || day > endsOn || weekdayOf(day) > 5) continue;
      days.set(day, { kind: spec.kind, reason: spec.reason });
    }
  }
  return days;
}

export async function createCalendar(ctx: SeedContext, school: SchoolRef, specs: readonly ClosureSpec[]): Promise<void> {
  const days = closureDays(specs, school.startsOn, school.endsOn);
  for (const [day, c] of days) school.closures.set(day, c.reason);
  await ctx.tx.serviceCalendar.create({
    data: {
      tenantId: ctx.tenant.id,
      schoolId: school.id,
      schoolYear: SCHOOL_YEAR,
      startsOn: dbDate(school.startsOn),
      endsOn: dbDate(school.endsOn),
    },
  });
  await ctx.tx.closureDay.createMany({
    data: [...days].map(([day, c]) => ({
      tenantId: ctx.tenant.id,
      schoolId: school.id,
      date: dbDate(day),
      kind: c.kind,
      reason: c.reason,
    })),
  });
}

/** The calendar of a class: its school's period and closures, its own rientri. */
export function classCalendar(school: SchoolRef, mealWeekdays: readonly number[]): ServiceCalendar {
  return { startsOn: school.startsOn, endsOn: school.endsOn, closures: school.closures, mealWeekdays };
}

const kitchenDaysOf = new WeakMap<SchoolRef, IsoDate[]>();

/** Days the kitchen cooks at a school: the domain's service days of a class that ate every weekday. */
export function kitchenDays(school: SchoolRef): IsoDate[] {
  let days = kitchenDaysOf.get(school);
  if (!days) {
    const cal = classCalendar(school, [1, 2, 3, 4, 5]);
    days = daysFromTo(school.startsOn, school.endsOn).filter((day) => serviceRunsOn(cal, day));
    kitchenDaysOf.set(school, days);
  }
  return days;
}

/**
 * A class's service days in [from, to]: its school's kitchen days on one of its rientri — the same days as the
 * domain's serviceDaysBetween, without asking the zone rules again for every class.
 */
export function classServiceDays(schoolClass: ClassRef, from: IsoDate, to: IsoDate): IsoDate[] {
  const weekdays = schoolClass.calendar.mealWeekdays;
  return kitchenDays(schoolClass.school).filter((day) => day >= from && day <= to && weekdays.includes(weekdayOf(day)));
}
