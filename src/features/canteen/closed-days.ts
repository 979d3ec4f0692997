import { addDays, fromDbDate, type IsoDate } from '../../domain/dates.ts';
import type { Reader } from './reads.ts';

/**
 * The first day whose price may still change: the day after the Comune's last closed canteen day (closed days
 * are charged and stay as charged), or null when no day is closed yet.
 */
export async function firstOpenDay(db: Reader, tenantId: string): Promise<IsoDate | null> {
  const last = await db.serviceDayClosing.findFirst({ where: { tenantId }, orderBy: { date: 'desc' }, select: { date: true } });
  return last ? addDays(fromDbDate(last.date), 1) : null;
}
