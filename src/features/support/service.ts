import type { SessionAuth } from '../../auth/session-auth.ts';
import { actorOf, recordAudit } from '../../audit.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { pageWindow } from '../family/page.ts';
import { familyStudents, studentOfFamily } from '../family/scope.ts';
import type { ContactInput } from './schemas.ts';

const THREADS_PAGE_SIZE = 20;

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

/** The family's messages with the office's replies, newest first ("I tuoi messaggi"). */
export async function familyThreads(db: Db, auth: SessionAuth, requestedPage: number) {
  const where = { tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } };
  const total = await db.contactMessage.count({ where });
  const window = pageWindow(total, requestedPage, THREADS_PAGE_SIZE);
  const items = await db.contactMessage.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: window.skip,
    take: window.take,
    include: { student: true, _count: { select: { events: { where: { kind: 'REPLY' } } } } },
  });
  return { items, total, page: window.page, pages: window.pages };
}

/** One of the family's messages and the office's replies (not its internal history); another family's is 404. */
export async function familyThread(db: Db, auth: SessionAuth, messageId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(messageId)) throw new NotFoundError();
  const message = await db.contactMessage.findFirst({
    where: { id: messageId, tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } },
    include: { student: true, events: { where: { kind: 'REPLY' }, orderBy: [{ at: 'asc' }, { id: 'asc' }] } },
  });
  if (!message) throw new NotFoundError();
  return message;
}
