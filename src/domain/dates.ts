import { DateTime } from 'luxon';

/** Every calendar day in the domain is an ISO date string (YYYY-MM-DD) meant in Europe/Rome. */
export type IsoDate = string;

export const ZONE = 'Europe/Rome';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): value is IsoDate {
  return utcMidnightOrNull(value) !== null;
}

function day(iso: IsoDate): DateTime {
  const parsed = DateTime.fromISO(iso, { zone: ZONE });
  if (!ISO_DATE.test(iso) || !parsed.isValid) throw new RangeError(`Not an ISO date: ${iso}`);
  return parsed;
}

const DAY_MS = 86_400_000;

/**
 * The same calendar day at UTC midnight. Counting days and naming weekdays needs no time zone (a Rome
 * date is the same date everywhere), and this is much cheaper than a zoned parse on per-day loops.
 */
function utcMidnightOrNull(iso: string): Date | null {
  if (!ISO_DATE.test(iso)) return null;
  const date = new Date(`${iso}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? date : null;
}

function utcMidnight(iso: IsoDate): Date {
  const date = utcMidnightOrNull(iso);
  if (!date) throw new RangeError(`Not an ISO date: ${iso}`);
  return date;
}

/** The calendar day an instant falls on in Rome. */
export function romeDateOf(instant: Date): IsoDate {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toISODate()!;
}

// A zoned luxon computation costs microseconds and pages ask it per calendar cell (each day's cutoff): the
// answer never changes, so recent ones are kept (a bounded map, emptied when full).
const romeInstants = new Map<string, number>();
const ROME_INSTANTS_KEPT = 10_000;

/** The instant at which a Rome wall-clock time ("HH:mm" or "HH:mm:ss") happens on a given day. */
export function romeInstant(iso: IsoDate, time: string): Date {
  const key = `${iso}T${time}`;
  let ms = romeInstants.get(key);
  if (ms === undefined) {
    const [h, m, s] = time.split(':').map(Number);
    ms = day(iso)
      .set({ hour: h, minute: m, second: s ?? 0, millisecond: 0 })
      .toMillis();
    if (romeInstants.size >= ROME_INSTANTS_KEPT) romeInstants.clear();
    romeInstants.set(key, ms);
  }
  return new Date(ms);
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  const date = new Date(utcMidnight(iso).getTime() + days * DAY_MS);
  const year = date.getUTCFullYear();
  // toISOString writes years past 9999 with a sign; Luxon's own form is kept for those
  return year >= 0 && year <= 9999 ? date.toISOString().slice(0, 10) : day(iso).plus({ days }).toISODate()!;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: IsoDate): number {
  return utcMidnight(iso).getUTCDay() || 7;
}

/** Each day from `from` to `to`, both included. */
export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** dd/mm/yyyy, the only date format users see. */
export function formatItalianDate(iso: IsoDate): string {
  utcMidnight(iso);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** An instant as dd/mm/yyyy HH:mm in Rome time. */
export function formatItalianDateTime(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toFormat('dd/MM/yyyy HH:mm');
}

/** Parses a user-typed dd/mm/yyyy (or an ISO date from <input type="date">); null when it is not a real day. */
export function parseItalianDate(text: string): IsoDate | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (!match) return null;
  const parsed = DateTime.fromObject({ day: Number(match[1]), month: Number(match[2]), year: Number(match[3]) }, { zone: ZONE });
  return parsed.isValid ? parsed.toISODate() : null;
}

/** Italian month name with year, e.g. "ottobre 2026". */
export function italianMonth(iso: IsoDate): string {
  return monthIn(iso, 'it');
}

/** "novembre 2026", "November 2026": the month of a day in a language (a BCP 47 code). */
export function monthIn(iso: IsoDate, locale: string): string {
  return day(iso).setLocale(locale).toFormat('LLLL yyyy');
}

/** Prisma maps @db.Date columns to JS Dates at UTC midnight; these convert at that boundary only. */
export function toDbDate(iso: IsoDate): Date {
  return utcMidnight(iso);
}

export function fromDbDate(value: Date): IsoDate {
  return value.toISOString().slice(0, 10);
}
