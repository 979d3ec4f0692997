import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import type { ContactStatus, Prisma } from '../../../generated/prisma/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { assertRecordId, contains, pagedList } from '../list-query.ts';
import type { InboxFilter, InboxListQuery } from './schemas.ts';

const FILTER_STATUSES: Record<InboxFilter, ContactStatus[] | null> = {
  aperti: ['NEW', 'IN_PROGRESS'],
  nuovi: ['NEW'],
  'in-lavorazione': ['IN_PROGRESS'],
  chiusi: ['CLOSED'],
  tutti: null,
};

/** The office's inbox: "Contattaci" messages and wrong-data reports, oldest open first by default. */
export async function inbox(db: Db, tenantId: string, query: InboxListQuery, accountId: string | null) {
  const statuses = FILTER_STATUSES[query.stato];
  const where: Prisma.ContactMessageWhereInput = {
    tenantId,
    ...(statuses ? { status: { in: statuses } } : {}),
    ...(query.tipo ? { kind: query.tipo } : {}),
    ...(query.assegnati === 'miei' && accountId ? { assignedToId: accountId } : {}),
    ...(query.q ? { OR: [{ subject: contains(query.q) }, { fromName: contains(query.q) }, { body: contains(query.q) }] } : {}),
  };
  const direction = query.ordina === 'recenti' ? 'desc' : 'asc';
  return pagedList(
    query.pagina,
    () => db.contactMessage.count({ where }),
    (window) =>
      db.contactMessage.findMany({
        where,
        orderBy: [{ createdAt: direction }, { id: direction }],
        include: { student: true, assignedTo: true, _count: { select: { events: { where: { kind: 'REPLY' } } } } },
        ...window,
      }),
  );
}

async function messageOf(db: Db | Tx, tenantId: string, messageId: string) {
  assertRecordId(messageId);
  const message = await db.contactMessage.findFirst({ where: { id: messageId, tenantId } });
  if (!message) throw new NotFoundError();
  return message;
}

/** One thread as the office sees it: the message, its whole history, and who it can be assigned to. */
export async function thread(db: Db, tenantId: string, messageId: string) {
  assertRecordId(messageId);
  const [message, staff] = await Promise.all([
    db.contactMessage.findFirst({
      where: { id: messageId, tenantId },
      include: { student: true, guardian: true, assignedTo: true, events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
    }),
    assignableStaff(db, tenantId),
  ]);
  if (!message) throw new NotFoundError();
  return { message, staff };
}

function assignableStaff(db: Db | Tx, tenantId: string) {
  return db.localAccount.findMany({
    where: { tenantId, role: { in: ['ADMIN', 'CLERK'] }, disabledAt: null },
    orderBy: { fullName: 'asc' },
    select: { id: true, fullName: true, username: true },
  });
}

type Staff = { actor: Actor; authorName: string; now: Date };

async function changeStatus(tx: Tx, tenantId: string, staff: Staff, message: { id: string; status: ContactStatus }, status: ContactStatus) {
  if (message.status === status) return;
  await tx.contactMessage.update({ where: { id: message.id, tenantId }, data: { status, updatedAt: staff.now } });
  await tx.contactEvent.create({
    data: {
      tenantId,
      messageId: message.id,
      kind: 'STATUS',
      authorId: staff.actor.id,
      authorName: staff.authorName,
      status,
      at: staff.now,
    },
  });
  await recordAudit(tx, {
    tenantId,
    actor: staff.actor,
    action: 'CONTACT_STATUS_CHANGED',
    entityType: 'ContactMessage',
    entityId: message.id,
    before: { status: message.status },
    after: { status },
  });
}

/** The office answers; the family reads it in "I tuoi messaggi". A new message becomes "in progress" (or closed). */
export async function reply(db: Db, input: Staff & { tenantId: string; messageId: string; body: string; close: boolean }) {
  await inTransaction(db, async (tx) => {
    const message = await messageOf(tx, input.tenantId, input.messageId);
    const event = await tx.contactEvent.create({
      data: {
        tenantId: input.tenantId,
        messageId: message.id,
        kind: 'REPLY',
        authorId: input.actor.id,
        authorName: input.authorName,
        body: input.body,
        at: input.now,
      },
    });
    await tx.contactMessage.update({ where: { id: message.id, tenantId: message.tenantId }, data: { updatedAt: input.now } });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'CONTACT_REPLY_SENT',
      entityType: 'ContactMessage',
      entityId: message.id,
      details: { replyId: event.id },
      after: { reply: input.body },
    });
    const next = input.close ? 'CLOSED' : message.status === 'NEW' ? 'IN_PROGRESS' : message.status;
    await changeStatus(tx, input.tenantId, input, message, next);
  });
}

export async function setStatus(db: Db, input: Staff & { tenantId: string; messageId: string; status: ContactStatus }) {
  await inTransaction(db, async (tx) => {
    const message = await messageOf(tx, input.tenantId, input.messageId);
    await changeStatus(tx, input.tenantId, input, message, input.status);
  });
}

/** Gives the message to a clerk or administrator of this Comune (or to nobody); anyone else is refused. */
export async function assign(db: Db, input: Staff & { tenantId: string; messageId: string; accountId: string | null }) {
  await inTransaction(db, async (tx) => {
    const message = await messageOf(tx, input.tenantId, input.messageId);
    if (message.assignedToId === input.accountId) return;
    const assignee = input.accountId ? (await assignableStaff(tx, input.tenantId)).find((s) => s.id === input.accountId) : null;
    if (input.accountId && !assignee) throw new FieldRuleError('assegnatario', 'Scegli un operatore dall\u2019elenco.');
    await tx.contactMessage.update({
      where: { id: message.id, tenantId: message.tenantId },
      data: { assignedToId: input.accountId, updatedAt: input.now },
    });
    await tx.contactEvent.create({
      data: {
        tenantId: input.tenantId,
        messageId: message.id,
        kind: 'ASSIGNMENT',
        authorId: input.actor.id,
        authorName: input.authorName,
        assignedTo: assignee?.fullName ?? null,
        at: input.now,
      },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'CONTACT_ASSIGNED',
      entityType: 'ContactMessage',
      entityId: message.id,
      before: { assignedToId: message.assignedToId },
      after: { assignedToId: input.accountId },
    });
  });
}
