// Small helpers shared by the canteen's read-only derivations.
import type { Db, Tx } from '../../db/client.ts';
import type { ProlongedAbsenceSpan } from '../../domain/attendance.ts';
import { fromDbDate } from '../../domain/dates.ts';

export type Reader = Db | Tx;

/** A child without a class eats on every school weekday its school's kitchen cooks. */
export const KITCHEN_WEEKDAYS = [1, 2, 3, 4, 5];

/** A transaction's client (one connection, no $connect) rather than the pooled client. */
export function isTransaction(db: Reader): boolean {
  return typeof (db as { $connect?: unknown }).$connect !== 'function';
}

/**
 * Independent reads: in parallel on the pool, one after the other inside a transaction, whose single
 * connection must not be sent a query while another is running.
 */
export async function readTogether<T extends readonly (() => Promise<unknown>)[]>(
  db: Reader,
  ...reads: T
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!isTransaction(db)) return (await Promise.all(reads.map((read) => read()))) as never;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as never;
}

export function spansOf(absences: readonly { startsOn: Date; endsOn: Date | null }[]): ProlongedAbsenceSpan[] {
  return absences.map((a) => ({ startsOn: fromDbDate(a.startsOn), endsOn: a.endsOn ? fromDbDate(a.endsOn) : null }));
}
