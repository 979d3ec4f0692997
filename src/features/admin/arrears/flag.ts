// The re-enrolment check: whether a family's arrears should be pointed out to the clerk reviewing its
// enrollment for next year. Information for a person to weigh, never an automatic refusal.
import type { Db } from '../../../db/client.ts';
import { reenrolmentFlag, type ArrearsFlag } from '../../../domain/arrears.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { overdueInvoices, type OverdueInvoice } from './queries.ts';

export interface FamilyArrearsFlag extends ArrearsFlag {
  /** the family's overdue documents, oldest first */
  documents: OverdueInvoice[];
  threshold: { amountCents: number; days: number };
}

/** The flags of some families of the Comune on `today`, by the Comune's threshold (Impostazioni): two statements. */
export async function arrearsFlagsForFamilies(
  db: Db,
  tenantId: string,
  familyIds: readonly string[],
  today: IsoDate,
): Promise<Map<string, FamilyArrearsFlag>> {
  const [tenant, documents] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { reenrolmentArrearsCents: true, reenrolmentArrearsDays: true } }),
    familyIds.length ? overdueInvoices(db, tenantId, today, familyIds) : Promise.resolve([]),
  ]);
  const threshold = { amountCents: tenant.reenrolmentArrearsCents, days: tenant.reenrolmentArrearsDays };
  return new Map(
    familyIds.map((familyId) => {
      const own = documents.filter((d) => d.guardianId === familyId);
      return [familyId, { ...reenrolmentFlag(own, threshold), documents: own, threshold }];
    }),
  );
}

/** The flag of one family of the Comune on `today`. */
export async function arrearsFlagForFamily(db: Db, tenantId: string, familyId: string, today: IsoDate): Promise<FamilyArrearsFlag> {
  return (await arrearsFlagsForFamilies(db, tenantId, [familyId], today)).get(familyId)!;
}
