// SEPA direct-debit mandates of the families that pay by SDD, as the office registered them.
import { toDbDate } from '../../src/domain/dates.ts';
import type { SeedContext } from './context.ts';
import type { SeededStudent } from './families.ts';

export async function createMandates(ctx: SeedContext, students: readonly SeededStudent[]): Promise<number> {
  const guardians = [...new Map(students.map((s) => [s.guardian.id, s.guardian])).values()].filter(
    (g) => g.spec.paymentMethod === 'SDD' && g.spec.iban,
  );
  for (const [i, guardian] of guardians.entries()) {
    // the first debit on the mandate: the next one is RCUR
    const first = await ctx.tx.invoice.findFirst({
      where: { tenantId: ctx.tenant.id, guardianId: guardian.id, directDebit: { not: 'NONE' } },
      orderBy: { directDebitOn: 'asc' },
      select: { directDebitOn: true },
    });
    await ctx.tx.sddMandate.create({
      data: {
        tenantId: ctx.tenant.id,
        guardianId: guardian.id,
        reference: `MND-${ctx.tenant.slug.toUpperCase()}-${String(i + 1).padStart(4, '0')}`,
        iban: guardian.spec.iban!,
        debtorName: guardian.name,
        signedOn: toDbDate('2026-08-28'),
        firstCollectedOn: first?.directDebitOn ?? null,
        createdBy: 'seed',
      },
    });
  }
  return guardians.length;
}
