import type { Db } from '../../db/client.ts';

/** The figures on the back-office home page, all scoped to one Comune. */
export async function adminSummary(prisma: Db, tenantId: string) {
  const [students, guardians, openMessages, unpaidInvoices, flaggedReceipts] = await Promise.all([
    prisma.student.count({ where: { tenantId } }),
    prisma.guardian.count({ where: { tenantId } }),
    prisma.contactMessage.count({ where: { tenantId, status: { not: 'CLOSED' } } }),
    prisma.invoice.count({ where: { tenantId, state: { in: ['ISSUED', 'PARTIALLY_PAID'] } } }),
    prisma.receipt.count({ where: { tenantId, status: 'FLAGGED' } }),
  ]);
  return { students, guardians, openMessages, unpaidInvoices, flaggedReceipts };
}
