import { changesOf, recordAudit, snapshotOf, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { pageWindow } from '../../family/page.ts';
import { activeMandateOf, mandatesOf } from '../../sdd/mandates.ts';
import type { GuardianInput, ListQuery } from './schemas.ts';
import { fullName, guardianOf, registryPaths, searchWhere, type TenantRef } from './scope.ts';

export const GUARDIAN_SORTS = ['cognome', 'cognome-za', 'recenti'] as const;
const ORDER: Record<(typeof GUARDIAN_SORTS)[number], Prisma.GuardianOrderByWithRelationInput[]> = {
  cognome: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
  'cognome-za': [{ lastName: 'desc' }, { firstName: 'desc' }, { id: 'asc' }],
  recenti: [{ createdAt: 'desc' }, { id: 'asc' }],
};
const PAGE_SIZE = 25;

const stateWhere = (state: ListQuery<string>['state']) =>
  state === 'tutti' ? {} : { deactivatedAt: state === 'attivi' ? null : { not: null } };

/** Intestatari by name or fiscal code (also a child's name, fiscal code or badge finds the family), sorted and paged. */
export async function listGuardians(db: Db, tenantId: string, query: ListQuery<(typeof GUARDIAN_SORTS)[number]>) {
  const where: Prisma.GuardianWhereInput = {
    tenantId,
    ...stateWhere(query.state),
    ...searchWhere<Prisma.GuardianWhereInput>(query.q, (word) => [
      { lastName: { contains: word, mode: 'insensitive' } },
      { firstName: { contains: word, mode: 'insensitive' } },
      { fiscalCode: { startsWith: word.toUpperCase() } },
      {
        students: { some: { tenantId, OR: [{ lastName: { contains: word, mode: 'insensitive' } }, { badgeNumber: word.toUpperCase() }] } },
      },
    ]),
  };
  const total = await db.guardian.count({ where });
  const { page, pages, skip, take } = pageWindow(total, query.page, PAGE_SIZE);
  const items = await db.guardian.findMany({
    where,
    orderBy: ORDER[query.sort],
    skip,
    take,
    include: { _count: { select: { students: { where: { deactivatedAt: null } } } } },
  });
  return { items, page, pages, total };
}

/** The family page: the intestatario, the children, the delegates and the SDD mandates. */
export async function familyOf(db: Db, tenantId: string, guardianId: unknown) {
  const guardian = await guardianOf(db, tenantId, guardianId);
  const [students, delegates, history, mandates] = await Promise.all([
    db.student.findMany({
      where: { tenantId, guardianId: guardian.id },
      include: { school: true, schoolClass: true },
      orderBy: [{ birthDate: 'asc' }, { id: 'asc' }],
    }),
    db.delegate.findMany({
      where: { tenantId, guardianId: guardian.id },
      orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { lastName: 'asc' }],
    }),
    guardianHistory(db, tenantId, guardian.id),
    mandatesOf(db, tenantId, guardian.id),
  ]);
  return { guardian, students, delegates, mandates, canDelete: history === 0 && students.length === 0 };
}

/**
 * Invoices, carts, applications, messages, accounts, billing adjustments, direct-debit mandates and reminders: any of them
 * and the intestatario can only be deactivated (every record that points at a guardian is listed here).
 */
async function guardianHistory(db: Db | Tx, tenantId: string, guardianId: string): Promise<number> {
  const where = { tenantId, guardianId };
  const counts = await Promise.all([
    db.invoice.count({ where }),
    db.checkoutCart.count({ where }),
    db.application.count({ where }),
    db.contactMessage.count({ where }),
    db.localAccount.count({ where }),
    db.billingAdjustment.count({ where }),
    db.sddMandate.count({ where }),
    db.reminder.count({ where }),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

/** A fiscal code is one intestatario per Comune: a second one is refused with a link to the first. */
async function refuseDuplicate(tx: Tx, tenant: TenantRef, fiscalCode: string, exceptId?: string) {
  const existing = await tx.guardian.findFirst({
    where: { tenantId: tenant.id, fiscalCode, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
  });
  if (!existing) return;
  throw new FieldRuleError('fiscalCode', `Il codice fiscale ${fiscalCode} è già registrato per l'intestatario ${fullName(existing)}.`, {
    href: registryPaths.guardian(tenant.slug, existing.id),
    label: `Apri la scheda di ${fullName(existing)}`,
  });
}

const guardianData = (input: GuardianInput) => ({ ...input, firstName: input.isCompany ? '' : input.firstName });

export async function createGuardian(db: Db, tenant: TenantRef, actor: Actor, input: GuardianInput) {
  return inTransaction(db, async (tx) => {
    await refuseDuplicate(tx, tenant, input.fiscalCode);
    const guardian = await tx.guardian.create({ data: { tenantId: tenant.id, ...guardianData(input) } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'GUARDIAN_CREATED',
      entityType: 'Guardian',
      entityId: guardian.id,
      details: { after: snapshotOf(guardian, ['tenantId', 'id']) },
    });
    return guardian;
  });
}

export async function updateGuardian(db: Db, tenant: TenantRef, actor: Actor, guardianId: string, input: GuardianInput) {
  return inTransaction(db, async (tx) => {
    const before = await guardianOf(tx, tenant.id, guardianId);
    await refuseDuplicate(tx, tenant, input.fiscalCode, before.id);
    const mandate = input.paymentMethod === 'PAGOPA' ? await activeMandateOf(tx, tenant.id, before.id) : null;
    // the mandate, not this field, decides what the bank debits: leaving SDD is revoking it
    if (mandate)
      throw new FieldRuleError(
        'paymentMethod',
        `La famiglia ha il mandato SDD ${mandate.reference} in vigore: per passare a pagoPA revocalo dalla scheda della famiglia.`,
      );
    const data = guardianData(input);
    await tx.guardian.update({ where: { id: before.id, tenantId: before.tenantId }, data });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'GUARDIAN_UPDATED',
      entityType: 'Guardian',
      entityId: before.id,
      details: changesOf(before, data),
    });
  });
}

/** Deactivation keeps the record and its history; a family with active children keeps its intestatario active. */
export async function setGuardianActive(db: Db, tenant: TenantRef, actor: Actor, guardianId: string, active: boolean, now: Date) {
  await inTransaction(db, async (tx) => {
    const before = await guardianOf(tx, tenant.id, guardianId);
    if (!active && (await tx.student.count({ where: { tenantId: tenant.id, guardianId: before.id, deactivatedAt: null } })) > 0)
      throw new FieldRuleError(
        'form',
        'La famiglia ha alunni attivi: disattivali o spostali in un’altra famiglia prima di disattivare l’intestatario.',
      );
    const deactivatedAt = active ? null : now;
    await tx.guardian.update({ where: { id: before.id, tenantId: before.tenantId }, data: { deactivatedAt } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: active ? 'GUARDIAN_REACTIVATED' : 'GUARDIAN_DEACTIVATED',
      entityType: 'Guardian',
      entityId: before.id,
      details: changesOf(before, { deactivatedAt }),
    });
  });
}

/** Only a record typed by mistake is removed: no children and no history at all, else it is deactivated. */
export async function deleteGuardian(db: Db, tenant: TenantRef, actor: Actor, guardianId: string) {
  await inTransaction(db, async (tx) => {
    const guardian = await guardianOf(tx, tenant.id, guardianId);
    const children = await tx.student.count({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    if (children > 0 || (await guardianHistory(tx, tenant.id, guardian.id)) > 0)
      throw new FieldRuleError(
        'form',
        'L’intestatario ha alunni o uno storico (documenti, pagamenti, pratiche): non può essere eliminato, solo disattivato.',
      );
    await tx.delegate.deleteMany({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    await tx.guardian.delete({ where: { id: guardian.id, tenantId: guardian.tenantId } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'GUARDIAN_DELETED',
      entityType: 'Guardian',
      entityId: guardian.id,
      details: { before: snapshotOf(guardian, ['tenantId', 'id']) },
    });
  });
}
