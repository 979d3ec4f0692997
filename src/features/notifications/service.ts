import { recordAudit, type Actor } from '../../audit.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { FieldRuleError } from '../../web/forms.ts';
import {
  CHANNELS,
  ESSENTIAL_KINDS,
  MESSAGE_LANGUAGES,
  NOTIFICATION_KINDS,
  messageLanguage,
  optOutKey,
  type MessageLanguage,
} from '../../domain/notifications.ts';

const SHOWN = 100;

/** The latest messages of one intestatario with every attempt (what the parent and the clerk read). */
export function notificationHistory(db: Db, tenantId: string, guardianId: string) {
  return db.notification.findMany({
    where: { tenantId, guardianId },
    orderBy: { createdAt: 'desc' },
    take: SHOWN,
    include: { attempts: { orderBy: { startedAt: 'asc' } } },
  });
}

/** What a clerk may send again: a delivery left uncertain (maybe received) or refused (e.g. a wrong address, since fixed). */
const RESENDABLE = ['UNCERTAIN', 'FAILED'] as const;

export const isResendable = (notification: { state: string }): boolean => (RESENDABLE as readonly string[]).includes(notification.state);

/**
 * A clerk sends a message again, knowing the parent may get it twice: it goes back to the outbox, and its channels
 * start over from now (`resentAt`). Only an uncertain or failed one of this family; two clerks at once resend it once.
 * The caller dispatches the outbox after.
 */
export async function resendNotification(db: Db, tenantId: string, actor: Actor, guardianId: string, notificationId: string, now: Date) {
  if (!/^[0-9a-f-]{36}$/i.test(notificationId)) throw new NotFoundError();
  await inTransaction(db, async (tx) => {
    const notification = await tx.notification.findFirst({ where: { id: notificationId, tenantId, guardianId } });
    if (!notification) throw new NotFoundError();
    const reset = await tx.notification.updateMany({
      where: { id: notification.id, tenantId, state: { in: [...RESENDABLE] } },
      data: { state: 'PENDING', queuedAt: null, finishedAt: null, resentAt: now },
    });
    if (reset.count === 0) throw new FieldRuleError('form', 'adminRegistry.notifications.notResendable');
    await recordAudit(tx, {
      tenantId,
      actor,
      action: 'NOTIFICATION_RESENT',
      entityType: 'Notification',
      entityId: notification.id,
      details: { kind: notification.kind },
      before: { state: notification.state },
      after: { state: 'PENDING' },
    });
  });
}

/** The parent's choices; before any is saved, the language offered is the one the portal is shown in. */
export async function notificationChoices(db: Db, tenantId: string, guardianId: string, portalLanguage: string) {
  const profile = await db.notificationProfile.findFirst({ where: { tenantId, guardianId } });
  return {
    language: messageLanguage(profile ? profile.language : portalLanguage),
    languages: MESSAGE_LANGUAGES,
    channels: CHANNELS,
    kinds: NOTIFICATION_KINDS.map((kind) => ({
      kind,
      essential: ESSENTIAL_KINDS.has(kind),
      on: Object.fromEntries(CHANNELS.map((c) => [c, ESSENTIAL_KINDS.has(kind) || !profile?.optOuts.includes(optOutKey(kind, c))])),
    })),
  };
}

/** Saves the choices from the form's ticked boxes ("KIND:CHANNEL" values): every box not ticked is an opt-out. */
export async function saveNotificationChoices(db: Db, tenantId: string, guardianId: string, language: MessageLanguage, ticked: string[]) {
  const optOuts = NOTIFICATION_KINDS.filter((kind) => !ESSENTIAL_KINDS.has(kind)).flatMap((kind) =>
    CHANNELS.map((channel) => optOutKey(kind, channel)).filter((key) => !ticked.includes(key)),
  );
  await db.notificationProfile.upsert({
    where: { guardianId },
    create: { tenantId, guardianId, language, optOuts },
    update: { language, optOuts, updatedAt: new Date() },
  });
}
