import type { Db, Tx } from '../../db/client.ts';
import { windowStatus, type WindowStatus } from '../../domain/application-windows.ts';
import { fromDbDate, type IsoDate } from '../../domain/dates.ts';
import type { ApplicationType } from '../../generated/prisma/enums.ts';
import { PRATICA_TYPES } from './types/index.ts';

export interface WindowRow {
  id: string;
  type: ApplicationType;
  schoolYear: string | null;
  opensOn: IsoDate;
  closesOn: IsoDate;
}

/** Every window the Comune opened, as plain days. */
export async function windowsOf(db: Db | Tx, tenantId: string, type?: ApplicationType): Promise<WindowRow[]> {
  const rows = await db.applicationWindow.findMany({ where: { tenantId, ...(type ? { type } : {}) }, orderBy: { opensOn: 'asc' } });
  return rows.map((w) => ({
    id: w.id,
    type: w.type,
    schoolYear: w.schoolYear,
    opensOn: fromDbDate(w.opensOn),
    closesOn: fromDbDate(w.closesOn),
  }));
}

/** Whether `type` is open today, and when (the pratica's school year comes from the open window). */
export async function statusOf(db: Db | Tx, tenantId: string, type: ApplicationType, today: IsoDate): Promise<WindowStatus<WindowRow>> {
  return windowStatus(await windowsOf(db, tenantId, type), today);
}

/** The service page's list: each type with its status today. */
export async function typesWithStatus(db: Db, tenantId: string, today: IsoDate) {
  const windows = await windowsOf(db, tenantId);
  return PRATICA_TYPES.map((kind) => ({
    kind,
    status: windowStatus(
      windows.filter((w) => w.type === kind.type),
      today,
    ),
  }));
}
