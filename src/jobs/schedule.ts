import type pg from 'pg';

/**
 * Runs `work` only if this instance takes the PostgreSQL advisory lock `key` (any constant shared by all
 * instances): whoever holds it does the pass, the others skip it and get `{ locked: false }`.
 */
export async function withAdvisoryLock<T>(
  pool: pg.Pool,
  key: number,
  work: () => Promise<T>,
): Promise<{ locked: false } | { locked: true; result: T }> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!rows[0].locked) return { locked: false };
    try {
      return { locked: true, result: await work() };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    client.release();
  }
}

/** A job started by src/server.ts; `stop()` resolves once a pass under way has finished. */
export interface RepeatingJob {
  stop: () => Promise<void>;
}

/**
 * Calls `pass` every `intervalMs` (and at once when `immediately`), never two at a time; a pass that
 * throws is reported to `onError` and the next one runs as usual. The timer does not keep the process alive;
 * `stop()` resolves once a pass under way has finished.
 */
export function repeatEvery(
  pass: () => Promise<unknown>,
  intervalMs: number,
  options: { immediately: boolean; onError: (error: unknown) => void },
): RepeatingJob {
  if (intervalMs <= 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = pass()
      .then(() => undefined, options.onError)
      .finally(() => {
        running = undefined;
      });
  };
  if (options.immediately) tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // Stopping waits for a pass under way, so the database is never closed under it.
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
