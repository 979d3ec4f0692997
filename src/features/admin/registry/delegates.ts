import { changesOf, recordAudit, snapshotOf, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { pageWindow } from '../../family/page.ts';
import type { DelegateInput, ListQuery } from './schemas.ts';
import { delegateOf, fullName, guardianOf, registryPaths, searchWhere, type TenantRef } from './scope.ts';

export const DELEGATE_SORTS = ['cognome', 'cognome-za', 'recenti'] as const;
const ORDER: Record<(typeof DELEGATE_SORTS)[number], Prisma.DelegateOrderByWithRelationInput[]> = {
  cognome: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
  'cognome-za': [{ lastName: 'desc' }, { firstName: 'desc' }, { id: 'asc' }],
  recenti: [{ createdAt: 'desc' }, { id: 'asc' }],
};
const PAGE_SIZE = 25;

/** Delegates by name or fiscal code; "attivi" are the ones not revoked. */
export async function listDelegates(db: Db, tenantId: string, query: ListQuery<(typeof DELEGATE_SORTS)[number]>) {
  const where: Prisma.DelegateWhereInput = {
    tenantId,
    ...(query.state === 'tutti' ? {} : { revokedAt: query.state === 'attivi' ? null : { not: null } }),
    ...searchWhere<Prisma.DelegateWhereInput>(query.q, (word) => [
      { lastName: { contains: word, mode: 'insensitive' } },
      { firstName: { contains: word, mode: 'insensitive' } },
      { fiscalCode: { startsWith: word.toUpperCase() } },
    ]),
  };
  const total = await db.delegate.count({ where });
  const { page, pages, skip, take } = pageWindow(total, query.page, PAGE_SIZE);
  const items = await db.delegate.findMany({ where, orderBy: ORDER[query.sort], skip, take, include: { guardian: true } });
  return { items, page, pages, total };
}

async function refuseDuplicate(
  tx: Tx,
  tenant: TenantRef,
  guardian: { id: string; fiscalCode: string },
  fiscalCode: string,
  exceptId?: string,
) {
  if (fiscalCode === guardian.fiscalCode)
    throw new FieldRuleError('fiscalCode', 'È il codice fiscale dell’intestatario stesso: non serve delegarlo.');
  const existing = await tx.delegate.findFirst({
    where: { tenantId: tenant.id, guardianId: guardian.id, fiscalCode, revokedAt: null, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
  });
  if (existing)
    throw new FieldRuleError('fiscalCode', `${fullName(existing)} è già delegato/a di questa famiglia.`, {
      href: registryPaths.delegate(tenant.slug, existing.id),
      label: `Apri il delegato ${fullName(existing)}`,
    });
}

export async function addDelegate(db: Db, tenant: TenantRef, actor: Actor, guardianId: string, input: DelegateInput) {
  return inTransaction(db, async (tx) => {
    const guardian = await guardianOf(tx, tenant.id, guardianId);
    if (guardian.deactivatedAt) throw new FieldRuleError('form', 'La famiglia è disattivata: riattiva prima l’intestatario.');
    await refuseDuplicate(tx, tenant, guardian, input.fiscalCode);
    const delegate = await tx.delegate.create({ data: { tenantId: tenant.id, guardianId: guardian.id, ...input } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'DELEGATE_ADDED',
      entityType: 'Delegate',
      entityId: delegate.id,
      details: { after: snapshotOf(delegate, ['tenantId', 'id']) },
    });
    return delegate;
  });
}

export async function updateDelegate(db: Db, tenant: TenantRef, actor: Actor, delegateId: string, input: DelegateInput) {
  return inTransaction(db, async (tx) => {
    const before = await delegateOf(tx, tenant.id, delegateId);
    await refuseDuplicate(tx, tenant, before.guardian, input.fiscalCode, before.id);
    await tx.delegate.update({ where: { id: before.id, tenantId: before.tenantId }, data: input });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'DELEGATE_UPDATED',
      entityType: 'Delegate',
      entityId: before.id,
      details: changesOf(before, input),
    });
    return before;
  });
}

/** A delegate is never deleted: revoking ends their access and keeps who they were. */
export async function revokeDelegate(db: Db, tenant: TenantRef, actor: Actor, delegateId: string, now: Date) {
  return inTransaction(db, async (tx) => {
    const before = await delegateOf(tx, tenant.id, delegateId);
    if (before.revokedAt) return before;
    await tx.delegate.update({ where: { id: before.id, tenantId: before.tenantId }, data: { revokedAt: now } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'DELEGATE_REVOKED',
      entityType: 'Delegate',
      entityId: before.id,
      details: changesOf(before, { revokedAt: now }),
    });
    return before;
  });
}
