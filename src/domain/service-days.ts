import { addDays, eachDay, isoWeekday, romeDateOf, type IsoDate } from './dates.ts';
import { isBeforeCutoff } from './cutoff.ts';

export interface ServiceCalendar {
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** Closed days (holidays, bridges, extraordinary closures) → reason shown to parents. */
  closures: ReadonlyMap<IsoDate, string>;
  /** ISO weekdays the class eats at school (rientro), 1 = Monday. */
  mealWeekdays: readonly number[];
}

export function serviceRunsOn(cal: ServiceCalendar, day: IsoDate): boolean {
  return day >= cal.startsOn && day <= cal.endsOn && cal.mealWeekdays.includes(isoWeekday(day)) && !cal.closures.has(day);
}

/** Only declared closures have a reason; weekends and days without rientro simply do not run. */
export function closureReason(cal: ServiceCalendar, day: IsoDate): string | null {
  return cal.closures.get(day) ?? null;
}

/** Primo giorno utile: bounded by the end of the service period. */
export function firstServiceDayOnOrAfter(cal: ServiceCalendar, from: IsoDate): IsoDate | null {
  if (cal.mealWeekdays.length === 0) return null;
  for (let day = from < cal.startsOn ? cal.startsOn : from; day <= cal.endsOn; day = addDays(day, 1)) {
    if (serviceRunsOn(cal, day)) return day;
  }
  return null;
}

/** The first day a parent can still cancel or change: today only while today's cutoff has not passed. */
export function firstRequestableServiceDay(cal: ServiceCalendar, now: Date, cutoffTime: string): IsoDate | null {
  const today = romeDateOf(now);
  return firstServiceDayOnOrAfter(cal, isBeforeCutoff(today, now, cutoffTime) ? today : addDays(today, 1));
}

/** Service days from `from` to `to`, both included. */
export function serviceDaysBetween(cal: ServiceCalendar, from: IsoDate, to: IsoDate): IsoDate[] {
  const start = from < cal.startsOn ? cal.startsOn : from;
  const end = to > cal.endsOn ? cal.endsOn : to;
  return eachDay(start, end).filter((day) => serviceRunsOn(cal, day));
}
