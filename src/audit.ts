import type { Prisma } from './generated/prisma/client.ts';
import type { SessionAuth } from './auth/session-auth.ts';
import type { Tx } from './db/client.ts';
import { maskFiscalCode } from './domain/fiscal-code.ts';
import { currentRequestId } from './logger.ts';

export interface Actor {
  kind: 'PARENT' | 'DELEGATE' | 'STAFF' | 'COMPANY' | 'SYSTEM' | 'ANONYMOUS';
  id: string | null;
  label: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: 'SYSTEM', id: null, label: 'system' };

/** Who did it, as the audit log names them: staff by account, citizens by masked fiscal code. */
export function actorOf(auth: SessionAuth): Actor {
  if (auth.role === 'COMPANY') return { kind: 'COMPANY', id: auth.accountId, label: auth.displayName };
  if (auth.accountId && auth.role) return { kind: 'STAFF', id: auth.accountId, label: auth.displayName };
  const kind = auth.ownGuardianId ? 'PARENT' : 'DELEGATE';
  return { kind, id: auth.ownGuardianId, label: auth.fiscalCode ? maskFiscalCode(auth.fiscalCode) : auth.displayName };
}

export interface AuditEventInput {
  tenantId: string;
  actor: Actor;
  action: string;
  entityType?: string;
  entityId?: string;
  details?: Prisma.InputJsonValue;
  /** The changed record's fields before and after the write (only the fields the write may change). */
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
}

/** One audit event, written in the caller's transaction so it exists exactly when the change does. */
export async function recordAudit(tx: Tx, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      tenantId: event.tenantId,
      actorKind: event.actor.kind,
      actorId: event.actor.id,
      actorLabel: event.actor.label,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      details: event.details,
      before: event.before,
      after: event.after,
      requestId: currentRequestId(),
    },
  });
}
