import { randomUUID } from 'node:crypto';
import type { Prisma } from './generated/prisma/client.ts';
import type { SessionAuth } from './auth/session-auth.ts';
import { insertRows } from './db/bulk.ts';
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

function auditRow(event: AuditEventInput) {
  return {
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
  };
}

/** One audit event, written in the caller's transaction so it exists exactly when the change does. */
export async function recordAudit(tx: Tx, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(event) });
}

const AUDIT_COLUMNS = {
  id: 'uuid',
  tenantId: 'uuid',
  actorKind: 'text',
  actorId: 'text',
  actorLabel: 'text',
  action: 'text',
  entityType: 'text',
  entityId: 'text',
  details: 'jsonb',
  before: 'jsonb',
  after: 'jsonb',
  requestId: 'text',
};

/** Many audit events in one statement (bulk imports), in the caller's transaction like recordAudit. */
export async function recordAudits(tx: Tx, events: readonly AuditEventInput[]): Promise<void> {
  await insertRows(
    tx,
    'AuditEvent',
    AUDIT_COLUMNS,
    events.map((event) => ({ id: randomUUID(), ...auditRow(event) })),
  );
}

type AuditValue = string | number | boolean | null;

function auditValue(value: unknown): AuditValue {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** An audit event's `details` for an edit: only the fields that changed, each with its value before and after. */
export function changesOf<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Record<string, AuditValue>; after: Record<string, AuditValue> } {
  const changes = { before: {} as Record<string, AuditValue>, after: {} as Record<string, AuditValue> };
  for (const key of Object.keys(after)) {
    const [was, now] = [auditValue(before[key]), auditValue(after[key])];
    if (was === now) continue;
    changes.before[key] = was;
    changes.after[key] = now;
  }
  return changes;
}

/** An audit event's `details` for a record created or removed: its fields as they are. */
export function snapshotOf(record: Record<string, unknown>, omit: readonly string[] = []): Record<string, AuditValue> {
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => !omit.includes(key))
      .map(([key, value]) => [key, auditValue(value)]),
  );
}
