import { recordAudit } from '../../audit.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import { afterFailedLogin, afterSuccessfulLogin, isLocked } from '../../domain/lockout.ts';
import type { LocalAccount } from '../../generated/prisma/client.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** Who acted, for the audit: a company account is not the Comune's staff. */
function accountActor(account: LocalAccount) {
  return { kind: account.role === 'COMPANY' ? ('COMPANY' as const) : ('STAFF' as const), id: account.id, label: account.username };
}

export type LocalLoginResult = { ok: true; account: LocalAccount } | { ok: false; reason: 'INVALID' | 'LOCKED' };

// Verifying against a real hash when the user does not exist keeps response times alike.
const DUMMY_HASH = hashPassword('not-a-real-password-just-for-timing');

/** Checks a username and password, counting failures and locking the account after too many. */
export async function verifyLocalLogin(
  prisma: Db,
  input: { tenantId: string; username: string; password: string; now: Date },
): Promise<LocalLoginResult> {
  const account = await prisma.localAccount.findUnique({
    where: { tenantId_username: { tenantId: input.tenantId, username: input.username } },
  });
  if (!account) {
    await verifyPassword(await DUMMY_HASH, input.password);
    await audit(prisma, input.tenantId, null, input.username, 'LOGIN_FAILED', { method: 'LOCAL', reason: 'UNKNOWN_USER' });
    return { ok: false, reason: 'INVALID' };
  }
  if (isLocked(account, input.now)) {
    await audit(prisma, input.tenantId, account.id, account.username, 'LOGIN_FAILED', { method: 'LOCAL', reason: 'LOCKED' });
    return { ok: false, reason: 'LOCKED' };
  }
  const valid = await verifyPassword(account.passwordHash, input.password);
  if (account.disabledAt) {
    // The same answer as a wrong password: a disabled account's password is not confirmed to anyone.
    await audit(prisma, input.tenantId, account.id, account.username, 'LOGIN_FAILED', { method: 'LOCAL', reason: 'DISABLED' });
    return { ok: false, reason: 'INVALID' };
  }
  return inTransaction(prisma, async (tx) => {
    const current = await tx.localAccount.findUniqueOrThrow({ where: { id: account.id, tenantId: account.tenantId } });
    if (!valid) {
      const next = afterFailedLogin(current, input.now);
      await tx.localAccount.update({ where: { id: account.id, tenantId: account.tenantId }, data: next });
      await recordAudit(tx, {
        tenantId: input.tenantId,
        actor: { kind: 'ANONYMOUS', id: account.id, label: account.username },
        action: 'LOGIN_FAILED',
        entityType: 'LocalAccount',
        entityId: account.id,
        details: { method: 'LOCAL', reason: next.lockedUntil ? 'BAD_PASSWORD_LOCKED' : 'BAD_PASSWORD' },
      });
      return { ok: false, reason: next.lockedUntil ? 'LOCKED' : 'INVALID' } as const;
    }
    const updated = await tx.localAccount.update({
      where: { id: account.id, tenantId: account.tenantId },
      data: { ...afterSuccessfulLogin(), lastLoginAt: input.now },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: accountActor(account),
      action: 'LOGIN',
      entityType: 'LocalAccount',
      entityId: account.id,
      details: { method: 'LOCAL' },
    });
    return { ok: true, account: updated } as const;
  });
}

async function audit(prisma: Db, tenantId: string, id: string | null, label: string, action: string, details: Record<string, string>) {
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      tenantId,
      actor: { kind: 'ANONYMOUS', id, label },
      action,
      entityType: 'LocalAccount',
      entityId: id ?? undefined,
      details,
    }),
  );
}

/** Changes a local account's password after checking the current one. */
export async function changePassword(
  prisma: Db,
  input: { tenantId: string; accountId: string; currentPassword: string; newPassword: string; now: Date },
): Promise<'CHANGED' | 'WRONG_CURRENT' | 'SAME_AS_CURRENT'> {
  const account = await prisma.localAccount.findFirstOrThrow({ where: { id: input.accountId, tenantId: input.tenantId } });
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) return 'WRONG_CURRENT';
  if (input.newPassword === input.currentPassword) return 'SAME_AS_CURRENT';
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(prisma, async (tx) => {
    await tx.localAccount.update({
      where: { id: account.id, tenantId: account.tenantId },
      data: { passwordHash, passwordChangedAt: input.now, mustChangePassword: false },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: accountActor(account),
      action: 'PASSWORD_CHANGED',
      entityType: 'LocalAccount',
      entityId: account.id,
    });
  });
  return 'CHANGED';
}
