import type { Db } from '../../../db/client.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import { pageWindow } from '../../family/page.ts';
import { ADMIN_PAGE_SIZE } from '../list-query.ts';
import { collectionPreview } from './collection.ts';
import { arrearsFlagForFamily } from './flag.ts';
import { arrearsRows, arrearsTotals, type ArrearsFilter } from './queries.ts';
import { familyReminders, recentReminderBatches } from './reminders.ts';
import type { ArrearsQuery } from './schemas.ts';

export const filterOf = (query: Pick<ArrearsQuery, 'scuola' | 'servizio'>): ArrearsFilter => ({
  school: query.scuola,
  service: query.servizio,
});

/** The arrears page: the filter's choices, its totals, one page of families, the latest reminder batches, messa a ruolo. */
export async function arrearsPage(db: Db, tenant: Tenant, today: IsoDate, query: ArrearsQuery) {
  const filter = filterOf(query);
  const [schools, services, totals, batches, collection] = await Promise.all([
    db.school.findMany({ where: { tenantId: tenant.id }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    db.service.findMany({ where: { tenantId: tenant.id }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    arrearsTotals(db, tenant.id, today, filter),
    recentReminderBatches(db, tenant.id),
    collectionPreview(db, tenant.id, today),
  ]);
  const window = pageWindow(totals.families, query.pagina, ADMIN_PAGE_SIZE);
  const rows = totals.families ? await arrearsRows(db, tenant.id, today, filter, { skip: window.skip, take: window.take }) : [];
  return { schools, services, totals, rows, page: window.page, pages: window.pages, batches, collection };
}

/** What the family's back-office page shows of its arrears: the re-enrolment flag and the reminders sent. */
export async function familyArrears(db: Db, tenantId: string, guardianId: string, today: IsoDate) {
  const [flag, reminders] = await Promise.all([
    arrearsFlagForFamily(db, tenantId, guardianId, today),
    familyReminders(db, tenantId, guardianId),
  ]);
  return { flag, reminders };
}
