import type { AppDeps } from '../../deps.ts';
import type { Tx } from '../../db/client.ts';
import { uuidv7 } from '../../db/uuid.ts';
import type { NotificationKind } from '../../domain/notifications.ts';
import type { JobQueue } from '../../jobs/queue.ts';

export interface NotificationInput {
  tenantId: string;
  /** the intestatario: messages never go to delegates */
  guardianId: string;
  kind: NotificationKind;
  /** ids of what the message tells (read again when it is sent), never health data */
  payload: Record<string, unknown>;
  /** one message per event: enqueueing the same key again (a retried chunk or job) adds nothing */
  dedupeKey: string;
}

/**
 * The one entry point of notifications: writes outbox rows in the caller's transaction, so a message exists if and
 * only if what it tells was committed. The dispatch job turns them into send jobs: after commit the caller calls
 * `dispatchNotifications` for a prompt send; otherwise the dispatch that runs every minute finds them.
 */
export async function enqueueNotifications(tx: Tx, inputs: readonly NotificationInput[]): Promise<number> {
  if (!inputs.length) return 0;
  return tx.$executeRaw`
    INSERT INTO "Notification" (id, "tenantId", "guardianId", kind, payload, "dedupeKey")
    SELECT * FROM unnest(${inputs.map(() => uuidv7())}::uuid[], ${inputs.map((i) => i.tenantId)}::uuid[],
                         ${inputs.map((i) => i.guardianId)}::uuid[], ${inputs.map((i) => i.kind)}::text[],
                         ${inputs.map((i) => JSON.stringify(i.payload))}::jsonb[], ${inputs.map((i) => i.dedupeKey)}::text[])
    ON CONFLICT ("tenantId", "dedupeKey") DO NOTHING`;
}

/** Asks for the Comune's waiting messages to be sent now (a dispatch job; one waits per Comune at most). */
export async function dispatchNotifications(jobs: JobQueue, tenantId: string): Promise<void> {
  await jobs.send('notifications-dispatch', { tenantId }, { singletonKey: tenantId });
}

/** Longer than a send job can live with all its retries: only then is a queued message queued again. */
const REQUEUE_AFTER_MINUTES = 60;
const DISPATCH_BATCH = 5_000;

/**
 * One send job per waiting message (of a Comune, or of all): marked queued in the same statement that picks them,
 * so two dispatches never queue one message twice; one queued long ago and still waiting (its job lost) is queued
 * again. Returns how many were queued.
 */
export async function runNotificationsDispatch(deps: Pick<AppDeps, 'prisma' | 'jobs' | 'clock'>, tenantId?: string): Promise<number> {
  let queued = 0;
  for (;;) {
    const now = deps.clock.now();
    const stale = new Date(now.getTime() - REQUEUE_AFTER_MINUTES * 60_000);
    const rows = await deps.prisma.$queryRaw<{ id: string; tenantId: string }[]>`
      UPDATE "Notification" SET "queuedAt" = ${now}
      WHERE id IN (
        SELECT id FROM "Notification"
        WHERE state = 'PENDING' AND ("queuedAt" IS NULL OR "queuedAt" < ${stale})
          AND (${tenantId ?? null}::uuid IS NULL OR "tenantId" = ${tenantId ?? null}::uuid)
        ORDER BY "createdAt" LIMIT ${DISPATCH_BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, "tenantId"`;
    await deps.jobs.sendMany(
      'notification-send',
      rows.map((row) => ({ notificationId: row.id, tenantId: row.tenantId })),
    );
    queued += rows.length;
    if (rows.length < DISPATCH_BATCH) return queued;
  }
}
