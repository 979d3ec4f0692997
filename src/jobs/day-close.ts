import type { AppDeps } from '../deps.ts';
import { closeDueDays } from '../features/canteen/day-close.ts';

type DayCloseDeps = Pick<AppDeps, 'prisma' | 'pool' | 'clock' | 'logger'>;

/** Any constant shared by all instances: whoever holds this advisory lock closes days, the others skip. */
export const DAY_CLOSE_LOCK = 5_207_311_001;

/** One pass over every Comune, by at most one instance at a time (a PostgreSQL advisory lock). */
export async function runDayClose(deps: DayCloseDeps): Promise<{ locked: boolean; closed: number }> {
  const client = await deps.pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [DAY_CLOSE_LOCK]);
    if (!rows[0].locked) return { locked: false, closed: 0 };
    try {
      let closed = 0;
      for (const tenant of await deps.prisma.tenant.findMany({ select: { id: true, slug: true, cutoffTime: true, billingMode: true } })) {
        try {
          const days = await closeDueDays(deps.prisma, tenant, deps.clock.now());
          closed += days.length;
          if (days.length) deps.logger.info({ tenant: tenant.slug, days }, 'canteen days closed');
        } catch (error) {
          // One Comune's failure must not keep the others' meals uncharged; the next pass retries it.
          deps.logger.error({ err: error, tenant: tenant.slug }, 'canteen day close failed');
        }
      }
      return { locked: true, closed };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [DAY_CLOSE_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Closes due canteen days at start (catching up) and then every `intervalMs`. Started only by src/server.ts. */
export function startDayCloseJob(deps: DayCloseDeps, intervalMs = 60_000): { stop: () => void } {
  let running = false;
  const pass = () => {
    if (running) return;
    running = true;
    runDayClose(deps)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'canteen day close crashed'))
      .finally(() => {
        running = false;
      });
  };
  pass();
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
