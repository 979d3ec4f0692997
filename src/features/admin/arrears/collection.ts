// Messa a ruolo: the documents the Comune's rule makes eligible are marked sent to coercive collection, in one
// transaction, once; running it again finds none of them eligible any more.
import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import { collectionEligible, type CollectionRule } from '../../../domain/arrears.ts';
import { toDbDate, type IsoDate } from '../../../domain/dates.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import { overdueInvoices } from './queries.ts';

export const collectionRuleOf = (tenant: Pick<Tenant, 'collectionAfterDays' | 'collectionAfterReminders'>): CollectionRule => ({
  afterDays: tenant.collectionAfterDays,
  afterReminders: tenant.collectionAfterReminders,
});

async function eligibleInvoices(db: Db | Tx, tenant: Tenant, today: IsoDate) {
  const rule = collectionRuleOf(tenant);
  const overdue = await overdueInvoices(db, tenant.id, today, null);
  return overdue.filter((invoice) => collectionEligible({ ...invoice, sentToCollection: invoice.sentToCollectionOn !== null }, rule));
}

/** What "Metti a ruolo" would send today: how many documents, of how many families, for how much. */
export async function collectionPreview(db: Db, tenant: Tenant, today: IsoDate) {
  const eligible = await eligibleInvoices(db, tenant, today);
  return {
    documents: eligible.length,
    families: new Set(eligible.map((i) => i.guardianId)).size,
    dueCents: eligible.reduce((sum, i) => sum + i.dueCents, 0),
  };
}

/**
 * Marks the eligible documents sent to collection today. The documents are re-read inside the transaction and
 * the update skips any already marked, so a double click or a concurrent clerk sends nothing twice.
 */
export async function sendToCollection(db: Db, tenant: Tenant, actor: Actor, today: IsoDate) {
  return inTransaction(db, async (tx) => {
    const eligible = await eligibleInvoices(tx, tenant, today);
    if (!eligible.length) return { documents: 0, dueCents: 0 };
    const { count } = await tx.invoice.updateMany({
      where: { tenantId: tenant.id, id: { in: eligible.map((i) => i.id) }, sentToCollectionOn: null },
      data: { sentToCollectionOn: toDbDate(today) },
    });
    const dueCents = eligible.reduce((sum, i) => sum + i.dueCents, 0);
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'INVOICES_SENT_TO_COLLECTION',
      entityType: 'Tenant',
      entityId: tenant.id,
      details: { on: today, documents: count, dueCents, numbers: eligible.map((i) => i.number), rule: { ...collectionRuleOf(tenant) } },
    });
    return { documents: count, dueCents };
  });
}
