import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordAudit, type Actor } from '../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../db/client.ts';
import { fromDbDate, isIsoDate, romeDateOf, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { sequenceTypeOf } from '../../domain/sepa.ts';
import type { Prisma, SddBatch, Tenant } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { FieldRuleError } from '../../web/forms.ts';
import { buildPain008, type Pain008Debit } from './pain008.ts';

/** Invoices a debit may be asked for: unpaid, not yet sent to the bank, of a family with a mandate in force. */
function collectableWhere(tenantId: string): Prisma.InvoiceWhereInput {
  return {
    tenantId,
    state: { in: ['ISSUED', 'PARTIALLY_PAID'] },
    kind: { not: 'CREDIT_NOTE' },
    directDebit: 'NONE',
    sddBatchId: null,
    guardian: { sddMandates: { some: { tenantId, revokedAt: null } } },
  };
}

/** Every invoice of the Comune a new SDD file would collect (the office's "Genera file SDD"). */
export async function collectableInvoiceIds(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db.invoice.findMany({ where: collectableWhere(tenantId), select: { id: true }, orderBy: { number: 'asc' } });
  return rows.map((row) => row.id);
}

export function collectableCount(db: Db, tenantId: string): Promise<number> {
  return db.invoice.count({ where: collectableWhere(tenantId) });
}

/** "SDD20261120A1B2C3D4": the day and 8 random hex digits, unique in the Comune and short enough for the ids built on it. */
function newMessageId(now: Date): string {
  return `SDD${romeDateOf(now).replace(/-/g, '')}${randomBytes(4).toString('hex').toUpperCase()}`;
}

async function collectable(tx: Tx, tenantId: string, invoiceIds: string[]) {
  const invoices = await tx.invoice.findMany({
    where: { ...collectableWhere(tenantId), id: { in: invoiceIds } },
    select: { id: true, number: true, description: true, guardianId: true, totalCents: true, paidCents: true },
    orderBy: { number: 'asc' },
  });
  const mandates = await tx.sddMandate.findMany({
    where: { tenantId, revokedAt: null, guardianId: { in: [...new Set(invoices.map((i) => i.guardianId))] } },
  });
  const mandateOf = new Map(mandates.map((m) => [m.guardianId, m]));
  return invoices
    .map((invoice) => ({ invoice, mandate: mandateOf.get(invoice.guardianId)!, amountCents: invoice.totalCents - invoice.paidCents }))
    .filter((debit) => debit.mandate && debit.amountCents > 0);
}

/**
 * Puts the given invoices "in addebito": one pain.008.001.02 SDD Core file for the Comune's bank, stored with one
 * item per debit (its EndToEndId is what the bank's return names), the invoices IN_COLLECTION, the mandates'
 * first collection noted (the next debit is RCUR) — all in one transaction, audited. Invoices that do not
 * qualify (paid, already in a file, no mandate in force, another Comune's) are left out; null when none does.
 */
export async function createSddBatch(
  db: Db,
  tenant: Tenant,
  input: { billingRunId: string | null; invoiceIds: string[]; collectionOn: IsoDate },
  actor: Actor,
): Promise<SddBatch | null> {
  if (!isIsoDate(input.collectionOn)) throw new RangeError(`Not an ISO date: ${input.collectionOn}`);
  if (!tenant.sddCreditorId)
    throw new FieldRuleError(
      'form',
      'Manca il codice identificativo del creditore SEPA del Comune: l’amministratore lo imposta in Impostazioni.',
    );
  const creditorId = tenant.sddCreditorId;
  if (input.invoiceIds.length === 0) return null;
  return inTransaction(db, async (tx) => {
    const debits = await collectable(tx, tenant.id, input.invoiceIds);
    if (!debits.length) return null;
    const now = new Date();
    const messageId = newMessageId(now);
    const suffix = messageId.slice(-8);
    const lines = debits.map(({ invoice, mandate, amountCents }) => ({
      invoice,
      mandate,
      debit: {
        endToEndId: `${invoice.number}-${suffix}`.replace(/[^A-Za-z0-9/\-?:().,'+]/g, '-').slice(-35),
        amountCents,
        sequenceType: sequenceTypeOf(mandate),
        mandateReference: mandate.reference,
        mandateSignedOn: fromDbDate(mandate.signedOn),
        debtorName: mandate.debtorName,
        debtorIban: mandate.iban,
        debtorBic: mandate.bic,
        remittance: `${invoice.description} - doc. n. ${invoice.number}`,
      } satisfies Pain008Debit,
    }));
    const xml = buildPain008({
      messageId,
      createdAt: now,
      collectionOn: input.collectionOn,
      creditor: { name: tenant.name, iban: tenant.iban, creditorId },
      debits: lines.map((line) => line.debit),
    });
    const totalCents = lines.reduce((sum, line) => sum + line.debit.amountCents, 0);
    const batch = await tx.sddBatch.create({
      data: {
        tenantId: tenant.id,
        billingRunId: input.billingRunId,
        messageId,
        collectionOn: toDbDate(input.collectionOn),
        count: lines.length,
        totalCents,
        xml,
        createdBy: actor.label ?? actor.kind,
      },
    });
    await tx.sddBatchItem.createMany({
      data: lines.map(({ invoice, mandate, debit }) => ({
        tenantId: tenant.id,
        batchId: batch.id,
        mandateId: mandate.id,
        invoiceId: invoice.id,
        endToEndId: debit.endToEndId,
        sequenceType: debit.sequenceType,
        amountCents: debit.amountCents,
      })),
    });
    await tx.invoice.updateMany({
      where: { tenantId: tenant.id, id: { in: lines.map((line) => line.invoice.id) } },
      data: { directDebit: 'IN_COLLECTION', sddBatchId: batch.id },
    });
    const firsts = [...new Set(lines.filter((line) => line.debit.sequenceType === 'FRST').map((line) => line.mandate.id))];
    if (firsts.length)
      await tx.sddMandate.updateMany({
        where: { tenantId: tenant.id, id: { in: firsts }, firstCollectedOn: null },
        data: { firstCollectedOn: toDbDate(input.collectionOn) },
      });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'SDD_BATCH_CREATED',
      entityType: 'SddBatch',
      entityId: batch.id,
      details: {
        messageId,
        billingRunId: input.billingRunId,
        collectionOn: input.collectionOn,
        count: lines.length,
        totalCents,
        first: lines.filter((line) => line.debit.sequenceType === 'FRST').length,
        asked: input.invoiceIds.length,
      },
    });
    return batch;
  });
}

/** The Comune's SDD files, newest first, with the run they belong to. */
export function batchesOf(db: Db, tenantId: string) {
  return db.sddBatch.findMany({
    where: { tenantId },
    select: {
      id: true,
      messageId: true,
      collectionOn: true,
      count: true,
      totalCents: true,
      createdAt: true,
      withdrawnAt: true,
      billingRun: { select: { period: true, service: { select: { name: true } } } },
    },
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
}

/** One file of this Comune (any other id is 404). */
export async function batchOf(db: Db, tenantId: string, id: string) {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError();
  const batch = await db.sddBatch.findFirst({ where: { id, tenantId } });
  if (!batch) throw new NotFoundError();
  return batch;
}
