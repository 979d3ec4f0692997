import { inTransaction, type Db } from '../../db/client.ts';
import { toDbDate, type IsoDate } from '../../domain/dates.ts';
import { EXPIRING_PURPOSES } from '../../domain/notice-expiry.ts';
import { expiryWarningDueOn } from '../../domain/notifications.ts';

/**
 * One outbox message per avviso that stops being payable within NOTICE_EXPIRY_WARNING_DAYS (top-ups and spontaneous
 * payments; invoice notices never expire), to the intestatario it names. Set-based and idempotent: every pass of
 * the expiry job may run it, the dedupe key keeps one message per notice. Returns how many were added.
 */
export async function enqueueExpiringNotices(prisma: Db, tenantId: string, today: IsoDate): Promise<number> {
  return inTransaction(
    prisma,
    (tx) =>
      tx.$executeRaw`
      INSERT INTO "Notification" (id, "tenantId", "guardianId", kind, payload, "dedupeKey")
      SELECT gen_random_uuid(), n."tenantId", g.id, 'NOTICE_EXPIRING', jsonb_build_object('noticeId', n.id), 'NOTICE_EXPIRING:' || n.id
      FROM "PaymentNotice" n
      JOIN "Guardian" g ON g."tenantId" = n."tenantId" AND g."fiscalCode" = n."debtorFiscalCode"
      WHERE n."tenantId" = ${tenantId}::uuid AND n.state = 'VALID' AND n.purpose::text = ANY(${[...EXPIRING_PURPOSES]}::text[])
        AND n."dueOn" BETWEEN ${toDbDate(today)}::date AND ${toDbDate(expiryWarningDueOn(today))}::date
      ON CONFLICT ("tenantId", "dedupeKey") DO NOTHING`,
  );
}
