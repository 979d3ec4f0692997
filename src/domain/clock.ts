/** Where "now" comes from: injected so tests can stand at 08:59:59 or on a DST change day. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (ISO string with offset, or a Date). */
export function fixedClock(instant: string | Date): Clock {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  return { now: () => new Date(at.getTime()) };
}
