import { DateTime } from 'luxon';
import type { IsoDate } from './dates.ts';

/**
 * Calendar days have no time of day, so their arithmetic (weekdays, months, names) is done in UTC: the same days
 * as in Europe/Rome, without luxon's time-zone lookups (most of the 11 % of the calendar page's CPU in luxon).
 */
const CALENDAR = { zone: 'utc' } as const;

/** 'YYYY-MM' */
export type Month = string;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): value is Month {
  return MONTH.test(value);
}

function firstOf(month: Month): DateTime {
  if (!isMonth(month)) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  return DateTime.fromISO(`${month}-01`, CALENDAR);
}

export function monthOf(day: IsoDate): Month {
  return day.slice(0, 7);
}

export function shiftMonth(month: Month, by: number): Month {
  return firstOf(month).plus({ months: by }).toFormat('yyyy-MM');
}

/** The days a month calendar shows: whole weeks, Monday to Sunday, around the month. */
export function monthGrid(month: Month): { first: IsoDate; last: IsoDate; gridStart: IsoDate; gridEnd: IsoDate } {
  const first = firstOf(month);
  const last = first.endOf('month').startOf('day');
  return {
    first: first.toISODate()!,
    last: last.toISODate()!,
    gridStart: first.minus({ days: first.weekday - 1 }).toISODate()!,
    gridEnd: last.plus({ days: 7 - last.weekday }).toISODate()!,
  };
}

/** Monday to Friday of the school week containing `day`. */
export function schoolWeekOf(day: IsoDate): { monday: IsoDate; friday: IsoDate } {
  const date = DateTime.fromISO(day, CALENDAR);
  const monday = date.minus({ days: date.weekday - 1 });
  return { monday: monday.toISODate()!, friday: monday.plus({ days: 4 }).toISODate()! };
}

/** "giovedì 19/11/2026", "Thursday 19/11/2026": how a single day is named in messages, in a language (a BCP 47 code). */
export function dayLabel(day: IsoDate, locale: string): string {
  return DateTime.fromISO(day, CALENDAR).setLocale(locale).toFormat('cccc dd/MM/yyyy');
}
