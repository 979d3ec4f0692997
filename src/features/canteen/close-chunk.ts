// The writes of a day close, set-based: for one chunk of children, a few statements whatever its size —
// wallets opened, bookings closed with their charge, and the MEAL debits of the bookings this statement closed.
import { SYSTEM_ACTOR } from '../../audit.ts';
import type { Tx } from '../../db/client.ts';
import { uuidv7 } from '../../db/uuid.ts';
import { formatItalianDate, toDbDate, type IsoDate } from '../../domain/dates.ts';
import type { BillingMode } from '../../generated/prisma/client.ts';
import { LOW_BALANCE_MEALS } from '../../domain/notifications.ts';
import type { ExpectedSchoolMeal } from './expected-meals.ts';

/** The snapshot the meals were derived from no longer holds (a request landed meanwhile): derive them again. */
export class StaleMealsError extends Error {
  constructor() {
    super('A booking of the day changed while the day was being closed');
  }
}

export interface MealToClose {
  meal: ExpectedSchoolMeal;
  chargedCents: number;
}

/**
 * Closes these meals of `day` in the caller's transaction (READ COMMITTED: each statement sees what the
 * statements before it waited for). Under the day's lock it re-reads and locks their bookings: one another run
 * has closed meanwhile is skipped (so a retried or concurrent close charges nothing twice); one that changed
 * while still open, or appeared, means the snapshot is stale. Returns how many meals it closed.
 */
export async function closeChunk(
  tx: Tx,
  tenant: { id: string; billingMode: BillingMode },
  day: IsoDate,
  now: Date,
  meals: MealToClose[],
): Promise<number> {
  const date = toDbDate(day);
  await lockDay(tx, tenant.id, day);
  const current = await tx.$queryRaw<{ id: string; studentId: string; status: string; closedAt: Date | null }[]>`
    SELECT id, "studentId", status::text AS status, "closedAt" FROM "Booking"
    WHERE "tenantId" = ${tenant.id}::uuid AND date = ${date}::date AND "studentId" = ANY(${meals.map((m) => m.meal.studentId)}::uuid[])
    FOR UPDATE`;
  const currentOf = new Map(current.map((b) => [b.studentId, b]));
  const open = meals.filter(({ meal }) => {
    const stored = currentOf.get(meal.studentId);
    if (stored?.closedAt) return false;
    if ((stored?.id ?? null) !== (meal.booking?.id ?? null) || (stored && stored.status !== meal.booking?.status))
      throw new StaleMealsError();
    return true;
  });
  if (open.length === 0) return 0;
  // the open bookings just checked and locked: any other row met on conflict was inserted since (a late request)
  const checked = open.flatMap(({ meal }) => (meal.booking ? [meal.booking.id] : []));

  const prepaid = tenant.billingMode === 'PREPAID';
  const debits = prepaid ? open.filter((m) => m.chargedCents > 0) : [];
  if (debits.length) {
    await tx.$executeRaw`
      INSERT INTO "Wallet" (id, "tenantId", "studentId", "serviceId")
      SELECT v.id, ${tenant.id}::uuid, v."studentId", v."serviceId"
      FROM unnest(${debits.map(() => uuidv7())}::uuid[], ${debits.map((m) => m.meal.studentId)}::uuid[],
                  ${debits.map((m) => m.meal.enrollment.serviceId)}::uuid[]) AS v(id, "studentId", "serviceId")
      ON CONFLICT ("tenantId", "studentId", "serviceId") DO NOTHING`;
  }
  // Only the bookings this statement closes come back from RETURNING, and only those get a debit.
  const movementIds = open.map(() => uuidv7());
  const [{ closed }] = await tx.$queryRaw<{ closed: number }[]>`
    WITH meal AS (
      SELECT * FROM unnest(${open.map(() => uuidv7())}::uuid[], ${open.map((m) => m.meal.studentId)}::uuid[],
                           ${open.map((m) => m.meal.status)}::text[], ${open.map((m) => m.chargedCents)}::int[],
                           ${open.map((m) => m.meal.enrollment.serviceId)}::uuid[], ${open.map((m) => debitText(m.meal, day))}::text[],
                           ${movementIds}::uuid[])
        AS v("bookingId", "studentId", status, "chargedCents", "serviceId", description, "movementId")
    ), closed AS (
      INSERT INTO "Booking" (id, "tenantId", "studentId", date, status, "closedAt", "chargedCents")
      SELECT "bookingId", ${tenant.id}::uuid, "studentId", ${date}::date, status::"MealStatus", ${now}, "chargedCents" FROM meal
      ON CONFLICT ("tenantId", "studentId", date) DO UPDATE
        SET status = EXCLUDED.status, "closedAt" = EXCLUDED."closedAt", "chargedCents" = EXCLUDED."chargedCents"
        WHERE "Booking"."closedAt" IS NULL AND "Booking".id = ANY(${checked}::uuid[])
      RETURNING id, "studentId"
    ), debited AS (
      INSERT INTO "WalletMovement" (id, "tenantId", "walletId", "occurredAt", kind, "amountCents", description, "bookingId", "createdBy")
      SELECT meal."movementId", ${tenant.id}::uuid, w.id, ${now}, 'MEAL', -meal."chargedCents", meal.description, closed.id,
             ${SYSTEM_ACTOR.label}
      FROM closed
      JOIN meal ON meal."studentId" = closed."studentId"
      JOIN "Wallet" w ON w."tenantId" = ${tenant.id}::uuid AND w."studentId" = meal."studentId" AND w."serviceId" = meal."serviceId"
      WHERE ${prepaid} AND meal."chargedCents" > 0
    )
    SELECT count(*)::int AS closed FROM closed`;
  if (closed !== open.length) throw new StaleMealsError();
  if (debits.length) await enqueueBalanceCrossings(tx, tenant.id, movementIds);
  return closed;
}

/**
 * The wallets these debits took below LOW_BALANCE_MEALS meals (at the price just charged) or below zero: one
 * outbox message per crossing, none while the balance stays under (the balance before a debit is the balance after
 * it minus the debit). One statement for the chunk; the dispatch job sends them.
 */
async function enqueueBalanceCrossings(tx: Tx, tenantId: string, movementIds: string[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "Notification" (id, "tenantId", "guardianId", kind, payload, "dedupeKey")
    SELECT v."notificationId", ${tenantId}::uuid, s."guardianId", c.kind,
           jsonb_build_object('walletId', m."walletId", 'balanceCents', b.after), c.kind || ':' || m.id
    FROM unnest(${movementIds}::uuid[], ${movementIds.map(() => uuidv7())}::uuid[]) AS v("movementId", "notificationId")
    JOIN "WalletMovement" m ON m."tenantId" = ${tenantId}::uuid AND m.id = v."movementId"
    JOIN "Wallet" w ON w."tenantId" = ${tenantId}::uuid AND w.id = m."walletId"
    JOIN "Student" s ON s."tenantId" = ${tenantId}::uuid AND s.id = w."studentId"
    CROSS JOIN LATERAL (SELECT sum(x."amountCents")::int AS after FROM "WalletMovement" x
                        WHERE x."tenantId" = ${tenantId}::uuid AND x."walletId" = m."walletId") b
    CROSS JOIN LATERAL (SELECT CASE
      WHEN b.after < 0 AND b.after - m."amountCents" >= 0 THEN 'WALLET_NEGATIVE'
      WHEN b.after >= 0 AND b.after < ${LOW_BALANCE_MEALS} * -m."amountCents"
           AND b.after - m."amountCents" >= ${LOW_BALANCE_MEALS} * -m."amountCents" THEN 'WALLET_LOW'
    END AS kind) c
    WHERE c.kind IS NOT NULL
    ON CONFLICT ("tenantId", "dedupeKey") DO NOTHING`;
}

function debitText(meal: ExpectedSchoolMeal, day: IsoDate): string {
  return `${meal.status === 'BLAND' ? 'Pasto in bianco' : 'Pasto'} del ${formatItalianDate(day)}`;
}

/** One close of a Comune's day at a time, whichever instance runs it; released at the end of the transaction. */
export async function lockDay(tx: Tx, tenantId: string, day: IsoDate): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${tenantId}), hashtext(${day}))`;
}
