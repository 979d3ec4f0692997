import { z } from 'zod';
import { recordAudit, snapshotOf, type Actor } from '../../audit.ts';
import { inTransaction, isUniqueViolation, type Db, type Tx } from '../../db/client.ts';
import { romeDateOf, toDbDate } from '../../domain/dates.ts';
import type { SddMandate } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { FieldRuleError } from '../../web/forms.ts';
import type { MandateInput } from './schemas.ts';

/** The guardian's mandate in force (at most one), or null: what a debit of this family is collected on. */
export function activeMandateOf(tx: Db | Tx, tenantId: string, guardianId: string): Promise<SddMandate | null> {
  return tx.sddMandate.findFirst({ where: { tenantId, guardianId, revokedAt: null }, orderBy: { createdAt: 'desc' } });
}

/** Every mandate of the family, the one in force first. */
export function mandatesOf(db: Db, tenantId: string, guardianId: string) {
  return db.sddMandate.findMany({
    where: { tenantId, guardianId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
  });
}

const mandateAudit = (mandate: SddMandate) => snapshotOf(mandate, ['tenantId', 'id', 'createdBy', 'createdAt']);

async function refuseTakenReference(tx: Tx, tenantId: string, reference: string) {
  if (await tx.sddMandate.findFirst({ where: { tenantId, reference }, select: { id: true } }))
    throw new FieldRuleError('reference', `Il riferimento ${reference} è già usato da un altro mandato del Comune.`);
}

type MandateCreation = { tenantId: string; actor: Actor; guardianId: string; now: Date; data: MandateInput };

/**
 * A signed mandate entered by the office: the family then pays by direct debit from that IBAN. One mandate in
 * force per family: the old one is revoked first, so no debit ever has two accounts to choose from.
 */
export async function createMandate(db: Db, input: MandateCreation): Promise<SddMandate> {
  const { data } = input;
  if (data.signedOn > romeDateOf(input.now)) throw new FieldRuleError('signedOn', 'La data di firma non può essere nel futuro.');
  try {
    return await inTransaction(db, (tx) => createMandateIn(tx, input));
  } catch (error) {
    // two clerks saving the same reference at once: the unique index decides, the loser gets the same message
    if (isUniqueViolation(error))
      throw new FieldRuleError('reference', `Il riferimento ${data.reference} è già usato da un altro mandato del Comune.`);
    throw error;
  }
}

/** The same, inside the caller's transaction (an accepted pratica writes the mandate with its other changes). */
export async function createMandateIn(tx: Tx, input: MandateCreation): Promise<SddMandate> {
  const { tenantId, actor, data } = input;
  const guardian = await tx.guardian.findFirst({ where: { id: input.guardianId, tenantId } });
  if (!guardian) throw new NotFoundError();
  const active = await activeMandateOf(tx, tenantId, guardian.id);
  if (active)
    throw new FieldRuleError(
      'reference',
      `La famiglia ha già il mandato ${active.reference} in vigore: revocalo prima di registrarne un altro.`,
    );
  await refuseTakenReference(tx, tenantId, data.reference);
  const mandate = await tx.sddMandate.create({
    data: {
      tenantId,
      guardianId: guardian.id,
      reference: data.reference,
      iban: data.iban,
      bic: data.bic,
      debtorName: data.debtorName,
      signedOn: toDbDate(data.signedOn),
      createdBy: actor.label ?? actor.kind,
    },
  });
  await tx.guardian.update({ where: { id: guardian.id, tenantId }, data: { paymentMethod: 'SDD', iban: data.iban } });
  await recordAudit(tx, {
    tenantId,
    actor,
    action: 'SDD_MANDATE_CREATED',
    entityType: 'SddMandate',
    entityId: mandate.id,
    details: { guardianId: guardian.id },
    before: { paymentMethod: guardian.paymentMethod, iban: guardian.iban },
    after: mandateAudit(mandate),
  });
  return mandate;
}

type MandateRevocation = { tenantId: string; actor: Actor; guardianId: string; mandateId: string; now: Date };

/** The family withdrew the mandate (or the bank said it is gone): later invoices are paid with pagoPA. */
export async function revokeMandate(db: Db, input: MandateRevocation) {
  await inTransaction(db, (tx) => revokeMandateIn(tx, input));
}

/** The same, inside the caller's transaction. */
export async function revokeMandateIn(tx: Tx, input: MandateRevocation) {
  if (!z.uuid().safeParse(input.mandateId).success) throw new NotFoundError();
  const mandate = await tx.sddMandate.findFirst({
    where: { id: input.mandateId, tenantId: input.tenantId, guardianId: input.guardianId },
  });
  if (!mandate) throw new NotFoundError();
  if (mandate.revokedAt) throw new FieldRuleError('form', `Il mandato ${mandate.reference} è già stato revocato.`);
  await tx.sddMandate.update({ where: { id: mandate.id, tenantId: input.tenantId }, data: { revokedAt: input.now } });
  await tx.guardian.update({ where: { id: mandate.guardianId, tenantId: input.tenantId }, data: { paymentMethod: 'PAGOPA' } });
  await recordAudit(tx, {
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'SDD_MANDATE_REVOKED',
    entityType: 'SddMandate',
    entityId: mandate.id,
    details: { guardianId: mandate.guardianId, reference: mandate.reference },
    before: { revokedAt: null, paymentMethod: 'SDD' },
    after: { revokedAt: input.now.toISOString(), paymentMethod: 'PAGOPA' },
  });
}
