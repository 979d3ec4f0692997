// Messa a ruolo: the documents the Comune's rule makes eligible are marked sent to coercive collection, in one
// transaction, once; running it again finds none of them eligible any more.
import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import { collectionEligible, type CollectionRule } from '../../../domain/arrears.ts';
import { toDbDate, type IsoDate } from '../../../domain/dates.ts';
import { overdueInvoices } from './queries.ts';

/** The Comune's rule as saved now (not the request's copy of the Comune, which may be seconds old). */
export async function collectionRuleOf(db: Db | Tx, tenantId: string): Promise<CollectionRule> {
  const tenant = await db.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { collectionAfterDays: true, collectionAfterReminders: true },
  });
  return { afterDays: tenant.collectionAfterDays, afterReminders: tenant.collectionAfterReminders };
}

async function eligibleInvoices(db: Db | Tx, tenantId: string, today: IsoDate) {
  const rule = await collectionRuleOf(db, tenantId);
  const overdue = await overdueInvoices(db, tenantId, today, null);
  const eligible = overdue.filter((invoice) =>
    collectionEligible({ ...invoice, sentToCollection: invoice.sentToCollectionOn !== null }, rule),
  );
  return { rule, eligible };
}

/** What "Metti a ruolo" would send today: how many documents, of how many families, for how much. */
export async function collectionPreview(db: Db, tenantId: string, today: IsoDate) {
  const { rule, eligible } = await eligibleInvoices(db, tenantId, today);
  return {
    rule,
    documents: eligible.length,
    families: new Set(eligible.map((i) => i.guardianId)).size,
    dueCents: eligible.reduce((sum, i) => sum + i.dueCents, 0),
  };
}

/**
 * Marks the eligible documents sent to collection today. The documents are re-read inside the transaction and
 * the update skips any already marked, so a double click or a concurrent clerk sends nothing twice.
 */
export async function sendToCollection(db: Db, tenantId: string, actor: Actor, today: IsoDate) {
  return inTransaction(db, async (tx) => {
    const { rule, eligible } = await eligibleInvoices(tx, tenantId, today);
    if (!eligible.length) return { documents: 0, dueCents: 0 };
    const { count } = await tx.invoice.updateMany({
      where: { tenantId: tenantId, id: { in: eligible.map((i) => i.id) }, sentToCollectionOn: null },
      data: { sentToCollectionOn: toDbDate(today) },
    });
    const dueCents = eligible.reduce((sum, i) => sum + i.dueCents, 0);
    await recordAudit(tx, {
      tenantId: tenantId,
      actor,
      action: 'INVOICES_SENT_TO_COLLECTION',
      entityType: 'Tenant',
      entityId: tenantId,
      details: { on: today, documents: count, dueCents, numbers: eligible.map((i) => i.number), rule: { ...rule } },
    });
    return { documents: count, dueCents };
  });
}
