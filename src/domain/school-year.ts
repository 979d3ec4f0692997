import { DateTime } from 'luxon';
import { isIsoDate, ZONE, type IsoDate } from './dates.ts';

/** "2026/2027": Italian school years run from 1 September to 31 August. */
export type SchoolYear = string;

export function isSchoolYear(value: string): value is SchoolYear {
  const match = /^(\d{4})\/(\d{4})$/.exec(value);
  return !!match && Number(match[2]) === Number(match[1]) + 1;
}

function yearAndMonth(day: IsoDate): { year: number; month: number } {
  // a plain YYYY-MM-DD day, as everywhere in the domain, needs no parse
  if (isIsoDate(day)) return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
  const date = DateTime.fromISO(day, { zone: ZONE });
  if (!date.isValid) throw new RangeError(`Not an ISO date: ${day}`);
  return date;
}

export function schoolYearOf(day: IsoDate): SchoolYear {
  const date = yearAndMonth(day);
  const firstYear = date.month >= 9 ? date.year : date.year - 1;
  return `${firstYear}/${firstYear + 1}`;
}

/** First and last day of a school year, both included. */
export function schoolYearBounds(schoolYear: SchoolYear): { from: IsoDate; to: IsoDate } {
  if (!isSchoolYear(schoolYear)) throw new RangeError(`Not a school year: ${schoolYear}`);
  const first = Number(schoolYear.slice(0, 4));
  return { from: `${first}-09-01`, to: `${first + 1}-08-31` };
}
