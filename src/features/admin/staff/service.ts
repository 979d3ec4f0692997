import { recordAudit, type Actor } from '../../../audit.ts';
import { hashPassword, temporaryPassword } from '../../../auth/local/passwords.ts';
import { STAFF_ROLES } from '../../../auth/session-auth.ts';
import { inTransaction, isUniqueViolation, type Db, type Tx } from '../../../db/client.ts';
import { maskFiscalCode } from '../../../domain/fiscal-code.ts';
import type { LocalAccount, Prisma } from '../../../generated/prisma/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { assertRecordId, contains, pagedList } from '../list-query.ts';
import type { StaffCreateInput, StaffInput, StaffListQuery } from './schemas.ts';

const STAFF = { role: { in: [...STAFF_ROLES] } } satisfies Prisma.LocalAccountWhereInput;

const ORDER: Record<StaffListQuery['ordina'], Prisma.LocalAccountOrderByWithRelationInput[]> = {
  nome: [{ fullName: 'asc' }, { id: 'asc' }],
  utente: [{ username: 'asc' }],
  ruolo: [{ role: 'asc' }, { fullName: 'asc' }],
  'ultimo-accesso': [{ lastLoginAt: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
};

/** The Comune's staff accounts (companies that pay have accounts too, but are not staff). */
export async function staffList(db: Db, tenantId: string, query: StaffListQuery) {
  const where: Prisma.LocalAccountWhereInput = {
    tenantId,
    ...STAFF,
    ...(query.stato === 'attivi' ? { disabledAt: null } : query.stato === 'disattivati' ? { disabledAt: { not: null } } : {}),
    ...(query.q
      ? { OR: [{ fullName: contains(query.q) }, { username: contains(query.q) }, { fiscalCode: contains(query.q.toUpperCase()) }] }
      : {}),
  };
  return pagedList(
    query.pagina,
    () => db.localAccount.count({ where }),
    (window) => db.localAccount.findMany({ where, orderBy: ORDER[query.ordina], ...window }),
  );
}

export async function staffMember(db: Db | Tx, tenantId: string, accountId: string) {
  assertRecordId(accountId);
  const account = await db.localAccount.findFirst({ where: { id: accountId, tenantId, ...STAFF } });
  if (!account) throw new NotFoundError();
  return account;
}

/** What the audit keeps of an account: never the password hash, the fiscal code masked. */
function audited(account: Pick<LocalAccount, 'username' | 'fullName' | 'role' | 'fiscalCode' | 'disabledAt' | 'mustChangePassword'>) {
  return {
    username: account.username,
    fullName: account.fullName,
    role: account.role,
    fiscalCode: account.fiscalCode ? maskFiscalCode(account.fiscalCode) : null,
    disabled: account.disabledAt !== null,
    mustChangePassword: account.mustChangePassword,
  };
}

async function assertFiscalCodeFree(tx: Tx, tenantId: string, fiscalCode: string | null, exceptId?: string) {
  if (!fiscalCode) return;
  const other = await tx.localAccount.findFirst({
    where: { tenantId, fiscalCode, ...STAFF, disabledAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
  });
  if (other) throw new FieldRuleError('codiceFiscale', `Questo codice fiscale è già associato all'utente ${other.username}.`);
}

/** The last active administrator stays one: nobody can demote or disable them. */
async function assertAnotherAdmin(tx: Tx, tenantId: string, accountId: string, message: string) {
  const others = await tx.localAccount.count({ where: { tenantId, role: 'ADMIN', disabledAt: null, id: { not: accountId } } });
  if (others === 0) throw new FieldRuleError('ruolo', message);
}

/** Sessions of the account end at once (disabled, or password reset), whatever server holds them. */
async function endSessionsOf(tx: Tx, accountId: string) {
  await tx.$executeRaw`DELETE FROM "session" WHERE sess->'auth'->>'accountId' = ${accountId}`;
}

type Change = { tenantId: string; actor: Actor; now: Date };

/** A new staff account with a temporary password, to be changed at the first login; the password is shown once. */
export async function createStaff(db: Db, input: Change & { staff: StaffCreateInput }) {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  try {
    const account = await inTransaction(db, async (tx) => {
      await assertFiscalCodeFree(tx, input.tenantId, input.staff.codiceFiscale);
      const created = await tx.localAccount.create({
        data: {
          tenantId: input.tenantId,
          username: input.staff.utente,
          fullName: input.staff.nome,
          role: input.staff.ruolo,
          fiscalCode: input.staff.codiceFiscale,
          passwordHash,
          mustChangePassword: true,
        },
      });
      await recordAudit(tx, {
        tenantId: input.tenantId,
        actor: input.actor,
        action: 'STAFF_CREATED',
        entityType: 'LocalAccount',
        entityId: created.id,
        after: audited(created),
      });
      return created;
    });
    return { account, password };
  } catch (error) {
    if (isUniqueViolation(error)) throw new FieldRuleError('utente', 'Esiste già un utente con questo nome: scegline un altro.');
    throw error;
  }
}

export async function updateStaff(db: Db, input: Change & { accountId: string; staff: StaffInput }) {
  return inTransaction(db, async (tx) => {
    const before = await staffMember(tx, input.tenantId, input.accountId);
    if (before.role === 'ADMIN' && input.staff.ruolo !== 'ADMIN')
      await assertAnotherAdmin(tx, input.tenantId, before.id, "È l'unico amministratore attivo: nomina prima un altro amministratore.");
    await assertFiscalCodeFree(tx, input.tenantId, input.staff.codiceFiscale, before.id);
    const after = await tx.localAccount.update({
      where: { id: before.id },
      data: { fullName: input.staff.nome, role: input.staff.ruolo, fiscalCode: input.staff.codiceFiscale },
    });
    // A new role takes effect at the next login: end the sessions that carry the old one.
    if (after.role !== before.role) await endSessionsOf(tx, before.id);
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'STAFF_UPDATED',
      entityType: 'LocalAccount',
      entityId: before.id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

/** Disables (or enables again) an account; an administrator cannot disable themselves nor the last administrator. */
export async function setStaffDisabled(db: Db, input: Change & { accountId: string; disabled: boolean }) {
  return inTransaction(db, async (tx) => {
    const before = await staffMember(tx, input.tenantId, input.accountId);
    if ((before.disabledAt !== null) === input.disabled) return before;
    if (input.disabled) {
      if (before.id === input.actor.id) throw new FieldRuleError('ruolo', 'Non puoi disattivare il tuo stesso utente.');
      if (before.role === 'ADMIN')
        await assertAnotherAdmin(tx, input.tenantId, before.id, "È l'unico amministratore attivo: non può essere disattivato.");
    }
    const after = await tx.localAccount.update({
      where: { id: before.id, tenantId: before.tenantId },
      data: { disabledAt: input.disabled ? input.now : null },
    });
    if (input.disabled) await endSessionsOf(tx, before.id);
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: input.disabled ? 'STAFF_DISABLED' : 'STAFF_ENABLED',
      entityType: 'LocalAccount',
      entityId: before.id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

/** A new temporary password, to be changed at the next login; the old one and open sessions stop working. */
export async function resetStaffPassword(db: Db, input: Change & { accountId: string }) {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const account = await inTransaction(db, async (tx) => {
    const before = await staffMember(tx, input.tenantId, input.accountId);
    if (before.id === input.actor.id) throw new FieldRuleError('ruolo', 'Per la tua password usa la pagina Cambio password.');
    const after = await tx.localAccount.update({
      where: { id: before.id },
      data: { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null },
    });
    await endSessionsOf(tx, before.id);
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'STAFF_PASSWORD_RESET',
      entityType: 'LocalAccount',
      entityId: before.id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
  return { account, password };
}
