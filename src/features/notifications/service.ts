import type { Db } from '../../db/client.ts';
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

export async function notificationChoices(db: Db, tenantId: string, guardianId: string) {
  const profile = await db.notificationProfile.findFirst({ where: { tenantId, guardianId } });
  return {
    language: messageLanguage(profile?.language),
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
