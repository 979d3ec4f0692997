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

/** The flag of one family of the Comune on `today`, by the Comune's threshold (Impostazioni). */
export async function arrearsFlagForFamily(db: Db, tenantId: string, familyId: string, today: IsoDate): Promise<FamilyArrearsFlag> {
  const [tenant, documents] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { reenrolmentArrearsCents: true, reenrolmentArrearsDays: true } }),
    overdueInvoices(db, tenantId, today, [familyId]),
  ]);
  const threshold = { amountCents: tenant.reenrolmentArrearsCents, days: tenant.reenrolmentArrearsDays };
  return { ...reenrolmentFlag(documents, threshold), documents, threshold };
}
