import { changesOf, recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import type { BADGE_REASONS } from './schemas.ts';
import { fullName, registryPaths, studentOf, type TenantRef } from './scope.ts';

/** The next number after the highest numeric badge ever given in the Comune (current or retired). */
async function nextBadgeNumber(tx: Tx, tenantId: string): Promise<string> {
  const [row] = await tx.$queryRaw<{ highest: bigint | null }[]>`
    SELECT max(number::bigint) AS highest FROM (
      SELECT "badgeNumber" AS number FROM "Student" WHERE "tenantId" = ${tenantId}::uuid
      UNION ALL SELECT number FROM "RetiredBadge" WHERE "tenantId" = ${tenantId}::uuid
    ) badges WHERE number ~ '^[0-9]{1,15}$'`;
  return String((row?.highest ?? 0n) + 1n);
}

/** A badge number may be given once in a Comune's life: never another child's, never a retired one. */
export async function assignableBadge(tx: Tx, tenant: TenantRef, typed: string | null, field = 'badgeNumber'): Promise<string> {
  if (!typed) return nextBadgeNumber(tx, tenant.id);
  const holder = await tx.student.findFirst({ where: { tenantId: tenant.id, badgeNumber: typed } });
  if (holder)
    throw new FieldRuleError(field, `Il badge ${typed} è già assegnato a ${fullName(holder)}.`, {
      href: registryPaths.student(tenant.slug, holder.id),
      label: `Apri la scheda di ${fullName(holder)}`,
    });
  if (await tx.retiredBadge.findFirst({ where: { tenantId: tenant.id, number: typed } }))
    throw new FieldRuleError(field, `Il badge ${typed} è stato sostituito in passato e non può essere riassegnato.`);
  return typed;
}

/** Blocks (SUSPENDED) or unblocks (ACTIVE) the current badge, e.g. while a lost card may still be found. */
export async function setBadgeBlocked(db: Db, tenant: TenantRef, actor: Actor, studentId: string, blocked: boolean) {
  await inTransaction(db, async (tx) => {
    const before = await studentOf(tx, tenant.id, studentId);
    const badgeState = blocked ? 'SUSPENDED' : 'ACTIVE';
    if (before.badgeState === badgeState) return;
    await tx.student.update({ where: { id: before.id, tenantId: before.tenantId }, data: { badgeState } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: blocked ? 'BADGE_BLOCKED' : 'BADGE_UNBLOCKED',
      entityType: 'Student',
      entityId: before.id,
      details: { badgeNumber: before.badgeNumber, ...changesOf(before, { badgeState }) },
    });
  });
}

/** A new badge for the child; the old number goes to the history with the reason and is never reused. */
export async function replaceBadge(
  db: Db,
  tenant: TenantRef,
  actor: Actor,
  studentId: string,
  input: { reason: (typeof BADGE_REASONS)[number]; newNumber: string | null },
) {
  return inTransaction(db, async (tx) => {
    const before = await studentOf(tx, tenant.id, studentId);
    const badgeNumber = await assignableBadge(tx, tenant, input.newNumber, 'newNumber');
    await tx.retiredBadge.create({
      data: {
        tenantId: tenant.id,
        studentId: before.id,
        number: before.badgeNumber,
        reason: input.reason,
        retiredBy: actor.label ?? actor.kind,
      },
    });
    await tx.student.update({ where: { id: before.id, tenantId: before.tenantId }, data: { badgeNumber, badgeState: 'ACTIVE' } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'BADGE_REPLACED',
      entityType: 'Student',
      entityId: before.id,
      details: { reason: input.reason, ...changesOf(before, { badgeNumber, badgeState: 'ACTIVE' }) },
    });
    return badgeNumber;
  });
}
