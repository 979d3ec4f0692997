// The bench's calendar: every dataset is "as of" the same Rome day, so the figures do not depend on the day the
// bench runs. The app under test gets a clock that moves at real speed from a chosen instant of that school year.
import type { Clock } from '../src/domain/clock.ts';

/** A Tuesday near the end of the school year 2026/2027: the days before it are closed, tomorrow is a service day. */
export const BENCH_TODAY = '2027-06-08';
export const BENCH_TOMORROW = '2027-06-09';

/** A clock that reads `startAt` now and runs at real speed; `set` moves it (e.g. to just before a cutoff). */
export interface MovableClock extends Clock {
  set(instant: Date): void;
}

export function movableClock(startAt: Date): MovableClock {
  let offset = startAt.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    set: (instant) => {
      offset = instant.getTime() - Date.now();
    },
  };
}
