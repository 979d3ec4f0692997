import { romeInstant, type IsoDate } from './dates.ts';

const TIME = /^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** Whether a meal for `day` can still be changed at `now`: strictly before `day` at `cutoffTime` in Rome. */
export function isBeforeCutoff(day: IsoDate, now: Date, cutoffTime = '09:00'): boolean {
  if (!TIME.test(cutoffTime)) throw new RangeError(`Not a time of day (HH:mm): ${cutoffTime}`);
  return now.getTime() < romeInstant(day, cutoffTime).getTime();
}
