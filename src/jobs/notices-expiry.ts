import type { AppDeps } from '../deps.ts';
import { romeDateOf } from '../domain/dates.ts';
import { expireDueNotices } from '../pagopa/notices.ts';
import { withAdvisoryLock } from './schedule.ts';
import { enqueueExpiringNotices } from '../features/notifications/expiring.ts';
import { dispatchNotifications } from '../features/notifications/outbox.ts';

type ExpiryDeps = Pick<AppDeps, 'prisma' | 'pool' | 'clock' | 'logger'> & Partial<Pick<AppDeps, 'jobs'>>;

/** Any constant shared by all instances (and different from the other jobs' locks). */
export const NOTICES_EXPIRY_LOCK = 5_207_311_002;

export interface ExpiryResult {
  locked: boolean;
  expired: number;
  failedTenants: string[];
}

/**
 * Moves every Comune's VALID notices past their expiry to EXPIRED (top-up and spontaneous avvisi after
 * their due date; invoice notices never), on today's Rome day by the app clock. GPD has already expired
 * those positions by itself (`switchToExpired`), so this only brings our records in line. Idempotent, and
 * done by at most one instance at a time (a PostgreSQL advisory lock, plus a conditional update per notice).
 */
export async function runNoticesExpiry(deps: ExpiryDeps): Promise<ExpiryResult> {
  const pass = await withAdvisoryLock(deps.pool, NOTICES_EXPIRY_LOCK, async () => {
    const today = romeDateOf(deps.clock.now());
    const result: ExpiryResult = { locked: true, expired: 0, failedTenants: [] };
    for (const tenant of await deps.prisma.tenant.findMany({ select: { id: true, slug: true } })) {
      try {
        const expired = await expireDueNotices(deps.prisma, tenant.id, today);
        result.expired += expired.length;
        if (expired.length)
          deps.logger.info({ tenant: tenant.slug, notices: expired.map((n) => n.noticeNumber) }, 'payment notices expired');
        // and those about to expire are recalled to their parent, once each
        if ((await enqueueExpiringNotices(deps.prisma, tenant.id, today)) && deps.jobs) await dispatchNotifications(deps.jobs, tenant.id);
      } catch (error) {
        // One Comune's failure must not keep the others' notices payable here; the next pass retries it.
        result.failedTenants.push(tenant.slug);
        deps.logger.error({ err: error, tenant: tenant.slug }, 'payment notices expiry failed');
      }
    }
    return result;
  });
  return pass.locked ? pass.result : { locked: false, expired: 0, failedTenants: [] };
}
