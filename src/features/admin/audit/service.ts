import type { Db } from '../../../db/client.ts';
import { formatItalianDateTime } from '../../../domain/dates.ts';
import type { AuditEvent, Prisma } from '../../../generated/prisma/client.ts';
import { contains, pagedList } from '../list-query.ts';
import { auditRange, type AuditFilterInput } from './schemas.ts';

const EXPORT_BATCH = 1000;

export function auditWhere(tenantId: string, filter: AuditFilterInput): Prisma.AuditEventWhereInput {
  const { from, to } = auditRange(filter);
  return {
    tenantId,
    ...(filter.utente ? { OR: [{ actorLabel: contains(filter.utente) }, { actorId: filter.utente }] } : {}),
    ...(filter.tipo ? { entityType: filter.tipo } : {}),
    ...(filter.id ? { entityId: filter.id } : {}),
    ...(filter.azione ? { action: filter.azione } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
  };
}

export async function auditPage(db: Db, tenantId: string, filter: AuditFilterInput) {
  const where = auditWhere(tenantId, filter);
  const direction = filter.ordina === 'meno-recenti' ? 'asc' : 'desc';
  const [list, types, actions] = await Promise.all([
    pagedList(
      filter.pagina,
      () => db.auditEvent.count({ where }),
      (window) => db.auditEvent.findMany({ where, orderBy: [{ at: direction }, { id: direction }], ...window }),
      50,
    ),
    db.auditEvent.findMany({ where: { tenantId, entityType: { not: null } }, distinct: ['entityType'], select: { entityType: true } }),
    db.auditEvent.findMany({ where: { tenantId }, distinct: ['action'], select: { action: true } }),
  ]);
  return {
    ...list,
    types: types.map((t) => t.entityType!).sort(),
    actions: actions.map((a) => a.action).sort(),
  };
}

export const AUDIT_CSV_HEADER = [
  'Data e ora',
  'Chi (tipo)',
  'Chi',
  'Azione',
  'Tipo record',
  'Id record',
  'Prima',
  'Dopo',
  'Dettagli',
  'Richiesta',
];

const json = (value: Prisma.JsonValue | null) => (value === null ? '' : JSON.stringify(value));

function csvRow(event: AuditEvent): string[] {
  return [
    formatItalianDateTime(event.at),
    event.actorKind,
    event.actorLabel ?? '',
    event.action,
    event.entityType ?? '',
    event.entityId ?? '',
    json(event.before),
    json(event.after),
    json(event.details),
    event.requestId ?? '',
  ];
}

/** Every matching event, oldest first, in keyset-paged batches: memory stays flat however long the log is. */
export async function* auditCsvBatches(db: Db, tenantId: string, filter: AuditFilterInput): AsyncGenerator<string[][]> {
  const where = auditWhere(tenantId, filter);
  let cursor: string | undefined;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where,
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: EXPORT_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (batch.length === 0) return;
    yield batch.map(csvRow);
    if (batch.length < EXPORT_BATCH) return;
    cursor = batch[batch.length - 1].id;
  }
}
