import { actorOf, recordAudit, type Actor } from '../../audit.ts';
import { inTransaction, isUniqueViolation, type Db } from '../../db/client.ts';
import { maskFiscalCode } from '../../domain/fiscal-code.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import type { SessionAuth } from '../session-auth.ts';
import type { IdentityProvider } from './identity-providers.ts';
import { SamlLoginError, type LoginFailureReason } from './login-errors.ts';
import type { VerifiedIdentity } from './response-checks.ts';

/**
 * Remembers the assertion's id until it expires: the same assertion posted again is refused, across
 * restarts and instances (unique index on tenant + assertion id).
 */
export async function consumeAssertion(prisma: Db, tenantId: string, identity: VerifiedIdentity): Promise<void> {
  try {
    await prisma.$transaction((tx) =>
      tx.samlAssertionSeen.create({ data: { tenantId, assertionId: identity.assertionId, expiresAt: identity.validUntil } }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new SamlLoginError('REPLAYED', 'assertion already used');
    throw error;
  }
}

/**
 * Who this adult is in this Comune: intestatario of a family, delegate of others, staff member — any mix.
 * Records the login; null (and a failed-login record) when the fiscal code is nobody here.
 */
export async function admitToTenant(
  prisma: Db,
  input: { tenant: Tenant; identity: VerifiedIdentity; idp: IdentityProvider; now: Date },
): Promise<SessionAuth | null> {
  const { tenant, identity, idp } = input;
  const fiscalCode = identity.fiscalCode;
  return inTransaction(prisma, async (tx) => {
    const [guardian, delegations, account] = await Promise.all([
      tx.guardian.findUnique({ where: { tenantId_fiscalCode: { tenantId: tenant.id, fiscalCode } } }),
      tx.delegate.findMany({ where: { tenantId: tenant.id, fiscalCode, revokedAt: null }, select: { guardianId: true } }),
      tx.localAccount.findFirst({
        where: { tenantId: tenant.id, fiscalCode, role: { not: 'COMPANY' }, disabledAt: null },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    const guardianIds = [...new Set([...(guardian ? [guardian.id] : []), ...delegations.map((d) => d.guardianId)])];
    const method = { method: idp.federation, idp: idp.entityId, level: identity.level };
    if (guardianIds.length === 0 && !account) {
      await recordAudit(tx, {
        tenantId: tenant.id,
        actor: anonymousActor(fiscalCode),
        action: 'LOGIN_FAILED',
        details: { ...method, reason: 'NO_MATCH' satisfies LoginFailureReason },
      });
      return null;
    }
    const displayName =
      [identity.givenName, identity.familyName].filter(Boolean).join(' ') ||
      (guardian ? `${guardian.firstName} ${guardian.lastName}` : (account?.fullName ?? maskFiscalCode(fiscalCode)));
    const auth: SessionAuth = {
      tenantId: tenant.id,
      via: idp.federation,
      displayName,
      fiscalCode,
      guardianIds,
      ownGuardianId: guardian?.id ?? null,
      accountId: account?.id ?? null,
      role: account?.role ?? null,
      loginAt: input.now.getTime(),
      saml: {
        idp: idp.entityId,
        nameId: identity.nameId,
        nameIdFormat: identity.nameIdFormat,
        nameQualifier: identity.nameQualifier,
        sessionIndex: identity.sessionIndex,
      },
    };
    if (account) await tx.localAccount.update({ where: { id: account.id, tenantId: account.tenantId }, data: { lastLoginAt: input.now } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor: actorOf(auth),
      action: 'LOGIN',
      entityType: guardian ? 'Guardian' : account ? 'LocalAccount' : undefined,
      entityId: guardian?.id ?? account?.id,
      details: { ...method, families: guardianIds.length, role: account?.role ?? null },
    });
    return auth;
  });
}

function anonymousActor(fiscalCode: string | null): Actor {
  return { kind: 'ANONYMOUS', id: null, label: fiscalCode ? maskFiscalCode(fiscalCode) : null };
}

/** A refused SAML login, with its reason; the fiscal code (if the assertion was read that far) masked. */
export async function recordLoginFailure(
  prisma: Db,
  input: { tenantId: string; error: SamlLoginError; fiscalCode: string | null; idp: IdentityProvider | null },
): Promise<void> {
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      tenantId: input.tenantId,
      actor: anonymousActor(input.fiscalCode),
      action: 'LOGIN_FAILED',
      details: {
        method: input.idp?.federation ?? 'SAML',
        reason: input.error.reason,
        detail: input.error.detail,
        idp: input.idp?.entityId ?? null,
        ...(input.error.idpErrorCode !== null ? { idpErrorCode: input.error.idpErrorCode } : {}),
      },
    }),
  );
}
