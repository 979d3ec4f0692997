import type { AppDeps } from '../deps.ts';
import { closeDueDays } from '../features/canteen/day-close.ts';
import { withAdvisoryLock } from './schedule.ts';
import { dispatchNotifications } from '../features/notifications/outbox.ts';

type DayCloseDeps = Pick<AppDeps, 'prisma' | 'pool' | 'clock' | 'logger'> & Partial<Pick<AppDeps, 'jobs'>>;

/** Any constant shared by all instances: whoever holds this advisory lock closes days, the others skip. */
export const DAY_CLOSE_LOCK = 5_207_311_001;

/** One pass over every Comune, by at most one instance at a time (a PostgreSQL advisory lock). */
export async function runDayClose(deps: DayCloseDeps): Promise<{ locked: boolean; closed: number }> {
  const pass = await withAdvisoryLock(deps.pool, DAY_CLOSE_LOCK, async () => {
    let closed = 0;
    for (const tenant of await deps.prisma.tenant.findMany({ select: { id: true, slug: true, cutoffTime: true, billingMode: true } })) {
      try {
        const days = await closeDueDays(deps.prisma, tenant, deps.clock.now());
        closed += days.length;
        if (days.length) deps.logger.info({ tenant: tenant.slug, days }, 'canteen days closed');
        // the low-credit messages of the debits just made
        if (days.length && deps.jobs) await dispatchNotifications(deps.jobs, tenant.id);
      } catch (error) {
        // One Comune's failure must not keep the others' meals uncharged; the next pass retries it.
        deps.logger.error({ err: error, tenant: tenant.slug }, 'canteen day close failed');
      }
    }
    return closed;
  });
  return pass.locked ? { locked: true, closed: pass.result } : { locked: false, closed: 0 };
}
