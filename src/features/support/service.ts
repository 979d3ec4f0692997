import type { SessionAuth } from '../../auth/session-auth.ts';
import { actorOf, recordAudit } from '../../audit.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { pageWindow } from '../family/page.ts';
import { familyStudents, studentOfFamily } from '../family/scope.ts';
import type { ContactInput } from './schemas.ts';

const INBOX_PAGE_SIZE = 20;

/** The "Contattaci" page: the family's children (to say which one the message is about) and its past messages. */
export async function contactPage(db: Db, auth: SessionAuth) {
  const students = await familyStudents(db, auth);
  const guardianId = auth.ownGuardianId ?? auth.guardianIds[0];
  const [guardian, messages] = await Promise.all([
    db.guardian.findFirst({ where: { id: guardianId, tenantId: auth.tenantId } }),
    db.contactMessage.findMany({
      where: { tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } },
      orderBy: { createdAt: 'desc' },
      take: 10,
      include: { student: true },
    }),
  ]);
  return { students, defaultEmail: guardian?.email ?? '', messages };
}

/** Stores a message for the service office; it shows in the clerks' inbox until handled. */
export async function sendContactMessage(db: Db, auth: SessionAuth, input: ContactInput) {
  const student = input.alunno ? await studentOfFamily(db, auth, input.alunno) : null;
  const guardianId = student?.guardianId ?? auth.ownGuardianId ?? auth.guardianIds[0];
  return inTransaction(db, async (tx) => {
    const message = await tx.contactMessage.create({
      data: {
        tenantId: auth.tenantId,
        kind: 'CONTACT',
        guardianId,
        studentId: student?.id ?? null,
        fromFiscalCode: auth.fiscalCode ?? '',
        fromName: auth.displayName,
        replyEmail: input.email,
        subject: input.oggetto,
        body: input.messaggio,
      },
    });
    await recordAudit(tx, {
      tenantId: auth.tenantId,
      actor: actorOf(auth),
      action: 'CONTACT_MESSAGE_SENT',
      entityType: 'ContactMessage',
      entityId: message.id,
    });
    return message;
  });
}

function inboxWhere(tenantId: string, state: 'da-gestire' | 'gestiti' | 'tutti'): Prisma.ContactMessageWhereInput {
  if (state === 'da-gestire') return { tenantId, handledAt: null };
  if (state === 'gestiti') return { tenantId, handledAt: { not: null } };
  return { tenantId };
}

/** The clerks' inbox: messages and wrong-data reports of the Comune, oldest unhandled first. */
export async function inbox(db: Db, tenantId: string, state: 'da-gestire' | 'gestiti' | 'tutti', requestedPage: number) {
  const where = inboxWhere(tenantId, state);
  const total = await db.contactMessage.count({ where });
  const window = pageWindow(total, requestedPage, INBOX_PAGE_SIZE);
  const items = await db.contactMessage.findMany({
    where,
    orderBy: state === 'da-gestire' ? { createdAt: 'asc' } : { createdAt: 'desc' },
    skip: window.skip,
    take: window.take,
    include: { student: true, guardian: true },
  });
  return { items, total, page: window.page, pages: window.pages };
}

export async function markHandled(db: Db, auth: SessionAuth, messageId: string, now: Date): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(messageId)) throw new NotFoundError();
  await inTransaction(db, async (tx) => {
    const message = await tx.contactMessage.findFirst({ where: { id: messageId, tenantId: auth.tenantId } });
    if (!message) throw new NotFoundError();
    if (message.handledAt) return;
    await tx.contactMessage.update({
      where: { id: message.id, tenantId: message.tenantId },
      data: { handledAt: now, handledBy: auth.displayName },
    });
    await recordAudit(tx, {
      tenantId: auth.tenantId,
      actor: actorOf(auth),
      action: 'CONTACT_MESSAGE_HANDLED',
      entityType: 'ContactMessage',
      entityId: message.id,
    });
  });
}
