import type { SessionAuth } from '../../auth/session-auth.ts';
import { actorOf, recordAudit } from '../../audit.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import { maskFiscalCode } from '../../domain/fiscal-code.ts';
import { NotFoundError } from '../../web/errors.ts';
import type { AddDelegate } from './schemas.ts';

/** Only the intestatario manages delegates (seed 003); delegates themselves get "not found". */
function ownGuardian(auth: SessionAuth): string {
  if (!auth.ownGuardianId) throw new NotFoundError();
  return auth.ownGuardianId;
}

export async function activeDelegates(db: Db, auth: SessionAuth) {
  const guardianId = ownGuardian(auth);
  return db.delegate.findMany({
    where: { tenantId: auth.tenantId, guardianId, revokedAt: null },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
  });
}

/** A refusal's message is a locale key: the form errors get it in the page's language. */
export type AddDelegateResult = { ok: true } | { ok: false; field: 'codiceFiscale'; message: string };

export async function addDelegate(db: Db, auth: SessionAuth, input: AddDelegate): Promise<AddDelegateResult> {
  const guardianId = ownGuardian(auth);
  return inTransaction(db, async (tx) => {
    const guardian = await tx.guardian.findFirstOrThrow({ where: { id: guardianId, tenantId: auth.tenantId } });
    if (guardian.fiscalCode === input.codiceFiscale) {
      return {
        ok: false,
        field: 'codiceFiscale',
        message: 'delegates.refusals.self',
      } as const;
    }
    const existing = await tx.delegate.findFirst({
      where: { tenantId: auth.tenantId, guardianId, fiscalCode: input.codiceFiscale, revokedAt: null },
    });
    if (existing) return { ok: false, field: 'codiceFiscale', message: 'delegates.refusals.alreadyDelegate' } as const;
    const delegate = await tx.delegate.create({
      data: { tenantId: auth.tenantId, guardianId, fiscalCode: input.codiceFiscale, firstName: input.nome, lastName: input.cognome },
    });
    await recordAudit(tx, {
      tenantId: auth.tenantId,
      actor: actorOf(auth),
      action: 'DELEGATE_ADDED',
      entityType: 'Delegate',
      entityId: delegate.id,
      details: { guardianId, fiscalCode: maskFiscalCode(input.codiceFiscale) },
    });
    return { ok: true } as const;
  });
}

/** Revokes a delegate of the intestatario's own family; any other id is "not found". */
export async function revokeDelegate(db: Db, auth: SessionAuth, delegateId: string, now: Date): Promise<void> {
  const guardianId = ownGuardian(auth);
  if (!/^[0-9a-f-]{36}$/i.test(delegateId)) throw new NotFoundError();
  await inTransaction(db, async (tx) => {
    const delegate = await tx.delegate.findFirst({ where: { id: delegateId, tenantId: auth.tenantId, guardianId, revokedAt: null } });
    if (!delegate) throw new NotFoundError();
    await tx.delegate.update({ where: { id: delegate.id, tenantId: delegate.tenantId }, data: { revokedAt: now } });
    // A revocation must bite now, not when the delegate's session expires: their open sessions here end.
    await tx.$executeRaw`DELETE FROM "session" WHERE sess->'auth'->>'tenantId' = ${auth.tenantId} AND sess->'auth'->>'fiscalCode' = ${delegate.fiscalCode} AND sess->'auth'->>'ownGuardianId' IS NULL`;
    await recordAudit(tx, {
      tenantId: auth.tenantId,
      actor: actorOf(auth),
      action: 'DELEGATE_REVOKED',
      entityType: 'Delegate',
      entityId: delegate.id,
      details: { guardianId },
    });
  });
}
