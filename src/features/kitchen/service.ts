import type { Db } from '../../db/client.ts';
import { toDbDate, type IsoDate } from '../../domain/dates.ts';
import { addCounts, countMeals, reportPhase, type MealCount, type ReportPhase } from '../../domain/kitchen-count.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { expectedMealsForSchoolDay } from '../canteen/meals.ts';

export interface SchoolCount extends MealCount {
  school: { id: string; name: string };
  /** the reason of a declared closure of that school on that day */
  closure: string | null;
}

export type KitchenReport =
  | { phase: 'NOT_YET'; day: IsoDate }
  | { phase: Exclude<ReportPhase, 'NOT_YET'>; day: IsoDate; schools: SchoolCount[]; totals: ReturnType<typeof addCounts> };

/**
 * The meals each school of the Comune needs on a day, computed from enrollments, calendars, absences and
 * requests (never from a job having run). Today's count is withheld until the cutoff.
 */
export async function kitchenReport(db: Db, tenant: Pick<Tenant, 'id' | 'cutoffTime'>, day: IsoDate, now: Date): Promise<KitchenReport> {
  const phase = reportPhase(day, now, tenant.cutoffTime);
  if (phase === 'NOT_YET') return { phase, day };
  const [schools, closures] = await Promise.all([
    db.school.findMany({ where: { tenantId: tenant.id }, orderBy: [{ kind: 'asc' }, { name: 'asc' }], select: { id: true, name: true } }),
    db.closureDay.findMany({ where: { tenantId: tenant.id, date: toDbDate(day) }, select: { schoolId: true, reason: true } }),
  ]);
  const counts = await Promise.all(
    schools.map(async (school): Promise<SchoolCount> => ({
      school,
      closure: closures.find((c) => c.schoolId === school.id)?.reason ?? null,
      ...countMeals(await expectedMealsForSchoolDay(db, tenant.id, school.id, day)),
    })),
  );
  return { phase, day, schools: counts, totals: addCounts(counts) };
}
