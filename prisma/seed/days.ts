// The domain's date helpers go through luxon and the Europe/Rome zone rules (~0.1 ms a call). The seed asks the
// same few hundred days the same questions thousands of times, so it remembers the answers.
import { addDays, eachDay, formatItalianDate, isoWeekday, romeInstant, toDbDate } from '../../src/domain/dates.ts';

function memo<A extends (string | number)[], R>(fn: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const key = args.join('|');
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(...args);
      cache.set(key, value);
    }
    return value;
  };
}

/** toDbDate; the same Date instance is shared by every row of that day (nothing mutates it). */
export const dbDate = memo(toDbDate);
export const weekdayOf = memo(isoWeekday);
export const plusDays = memo(addDays);
export const italianDate = memo(formatItalianDate);
/** romeInstant; shared instances, never mutated. */
export const romeAt = memo(romeInstant);
/** eachDay; the array is shared: callers filter or map it, never change it. */
export const daysFromTo = memo(eachDay);
