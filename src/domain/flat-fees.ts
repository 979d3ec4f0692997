// Flat fees (scuolabus, pre-scuola): a monthly fee for each month of the school year a child is enrolled in,
// or a yearly fee split into instalments. Pure rules the monthly billing run calls; periods are 'YYYY-MM'.
import { addDays, type IsoDate } from './dates.ts';
import { assertCents } from './money.ts';
import { schoolYearBounds, type SchoolYear } from './school-year.ts';

export type Period = string;

/** An enrollment's days: from startsOn to endsOn (both included; null = to the end of the school year). */
export interface EnrollmentSpan {
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

/** The months a flat-fee service is billed: September to June (July and August have no school). */
const BILLED_MONTHS_OF_YEAR = 10;

function assertPeriod(period: Period): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new RangeError(`Not a month (YYYY-MM): ${period}`);
}

function monthAfter(period: Period, months: number): Period {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function lastDayOf(period: Period): IsoDate {
  return addDays(`${monthAfter(period, 1)}-01`, -1);
}

/** September to June of the school year, in order. */
export function schoolYearMonths(schoolYear: SchoolYear): Period[] {
  const september = schoolYearBounds(schoolYear).from.slice(0, 7);
  return Array.from({ length: BILLED_MONTHS_OF_YEAR }, (_, i) => monthAfter(september, i));
}

/**
 * Whether a FLAT_MONTHLY fee is due for `period`: the month is one of September–June and the enrollment covers at
 * least one calendar day of it. The whole fee, never pro rata: a child who starts on the 28th pays the month, as
 * the Comuni's regulations for flat services say ("la quota mensile è dovuta per intero").
 */
export function monthlyFeeDue(span: EnrollmentSpan, period: Period): boolean {
  assertPeriod(period);
  const month = Number(period.slice(5, 7));
  if (month === 7 || month === 8) return false;
  const first = `${period}-01`;
  return span.startsOn <= lastDayOf(period) && (span.endsOn === null || span.endsOn >= first);
}

/** The months of the school year a FLAT_MONTHLY enrollment is billed for. */
export function billedMonths(span: EnrollmentSpan, schoolYear: SchoolYear): Period[] {
  return schoolYearMonths(schoolYear).filter((period) => monthlyFeeDue(span, period));
}

export interface Instalment {
  /** 1-based */
  number: number;
  count: number;
  amountCents: number;
  dueOn: IsoDate;
}

/**
 * A yearly fee in `count` instalments (1–10). The amounts sum exactly to the yearly fee, the cents that do not
 * divide going on the first. The ten months September–June are cut into `count` slices as equal as whole months
 * allow; an instalment is due on the last day of its slice's second month (its only month when slices are one
 * month long) — for 3: 31 October, 31 January, 30 April; for 2: 31 October, 31 March; for 10: the end of each month.
 */
export function instalmentPlan(yearlyCents: number, count: number, schoolYear: SchoolYear): Instalment[] {
  assertCents(yearlyCents);
  if (yearlyCents < 0) throw new RangeError(`Not a yearly fee: ${yearlyCents}`);
  if (!Number.isInteger(count) || count < 1 || count > BILLED_MONTHS_OF_YEAR) throw new RangeError(`Not an instalment count: ${count}`);
  const months = schoolYearMonths(schoolYear);
  const base = Math.floor(yearlyCents / count);
  const remainder = yearlyCents - base * count;
  const shortestSlice = Math.floor(BILLED_MONTHS_OF_YEAR / count);
  return Array.from({ length: count }, (_, i) => {
    const sliceStart = Math.floor((i * BILLED_MONTHS_OF_YEAR) / count);
    const dueMonth = months[sliceStart + Math.min(1, shortestSlice - 1)];
    return { number: i + 1, count, amountCents: base + (i === 0 ? remainder : 0), dueOn: lastDayOf(dueMonth) };
  });
}

/** The instalment a run for `period` bills: the one falling due in that month, or null. */
export function instalmentDueIn(plan: readonly Instalment[], period: Period): Instalment | null {
  assertPeriod(period);
  return plan.find((instalment) => instalment.dueOn.startsWith(`${period}-`)) ?? null;
}
