import type { Tx } from '../../db/client.ts';
import type { NotificationKind } from '../../domain/notifications.ts';
import { enqueueNotifications } from '../notifications/outbox.ts';

type PraticaKind = Extract<NotificationKind, `PRATICA_${string}`>;

/**
 * Tells the intestatario (the family's guardian the pratica is filed under, never a delegate who filed it) that the
 * pratica moved: in the transaction of the move, once per move; the caller dispatches after commit.
 */
export async function notifyPraticaMove(
  tx: Tx,
  application: { id: string; tenantId: string; guardianId: string },
  kind: PraticaKind,
): Promise<void> {
  await enqueueNotifications(tx, [
    {
      tenantId: application.tenantId,
      guardianId: application.guardianId,
      kind,
      payload: { applicationId: application.id },
      dedupeKey: `${kind}:${application.id}`,
    },
  ]);
}
