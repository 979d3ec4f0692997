import type { Tx } from '../../../db/client.ts';
import { fromDbDate } from '../../../domain/dates.ts';
import { siblingRanks } from '../../../domain/siblings.ts';

/**
 * Sets Enrollment.siblingRank from the rule in domain/siblings.ts for the active enrollments of these
 * families, per service and school year. Called whenever a family's children change (a child moved,
 * a birth date corrected), inside the transaction that changed them. Returns how many ranks changed.
 */
export async function rerankSiblings(tx: Tx, tenantId: string, guardianIds: readonly string[]): Promise<number> {
  const enrollments = await tx.enrollment.findMany({
    where: { tenantId, state: 'ACTIVE', student: { tenantId, guardianId: { in: [...guardianIds] } } },
    select: {
      id: true,
      serviceId: true,
      schoolYear: true,
      siblingRank: true,
      student: { select: { id: true, guardianId: true, birthDate: true } },
    },
  });
  const groups = new Map<string, typeof enrollments>();
  for (const enrollment of enrollments) {
    const key = `${enrollment.student.guardianId}|${enrollment.serviceId}|${enrollment.schoolYear}`;
    groups.set(key, [...(groups.get(key) ?? []), enrollment]);
  }
  let changed = 0;
  for (const group of groups.values()) {
    const ranks = siblingRanks(group.map((e) => ({ id: e.id, birthDate: fromDbDate(e.student.birthDate) })));
    for (const enrollment of group) {
      const rank = ranks.get(enrollment.id)!;
      if (rank === enrollment.siblingRank) continue;
      await tx.enrollment.update({ where: { id: enrollment.id }, data: { siblingRank: rank } });
      changed++;
    }
  }
  return changed;
}
