import type pg from 'pg';

/**
 * Runs `work` only if this instance takes the PostgreSQL advisory lock `key` (any constant shared by all
 * instances): whoever holds it does the pass, the others skip it and get `{ locked: false }`.
 * pg-boss runs one job of a periodic queue at a time, but a job past its expiry is retried while the first
 * may still be running, and scripts and tests call the passes directly: the lock keeps whole passes single.
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
