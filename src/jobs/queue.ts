import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { AppDeps } from '../deps.ts';
import { JOB_HANDLERS, type JobHandler } from './handlers.ts';

export type JobName =
  | 'billing-run'
  | 'import'
  | 'day-close'
  | 'receipts-pull'
  | 'notices-expiry'
  | 'tax-certificates'
  | 'notifications-dispatch'
  | 'notification-send'
  | 'reminder-letters'
  | 'desk-print'
  | 'desk-prints-purge';

export interface JobQueue {
  /** Queues `name` with `data`; with `singletonKey`, a second send while one such job waits or runs is dropped. */
  send(name: JobName, data: Record<string, unknown>, options?: { singletonKey?: string }): Promise<void>;
  /** Queues one job of `name` per item, in one statement (for 'standard' queues: no singleton keys). */
  sendMany(name: JobName, items: Record<string, unknown>[]): Promise<void>;
}

/** The queue this process runs: sends, works its handlers, and `stop()` waits for the jobs under way. */
export interface RunningJobQueue extends JobQueue {
  stop(): Promise<void>;
}

export const JOB_SCHEMA = 'pgboss';
export const JOB_TIME_ZONE = 'Europe/Rome';

interface JobSettings {
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) for each next one. */
  retryDelay: number;
  /** A job running longer is failed (and retried): the longest a healthy run takes, with room. */
  expireInSeconds: number;
  /** 'standard' for queues of many independent jobs (one per message); 'stately' by default. */
  policy?: 'standard' | 'stately';
  /**
   * Jobs fetched at once and run side by side (1 by default). pg-boss waits its polling interval after every
   * fetch, so queues of many short jobs that wait on the network (one per message) take a batch each time.
   */
  batchSize?: number;
}

// 'stately' queues hold at most one job waiting and one running per singleton key (for the periodic jobs: per
// queue), so a slow pass never piles up cron ticks and two replicas never run the same pass at once.
const SETTINGS: Record<JobName, JobSettings> = {
  'billing-run': { retryLimit: 5, retryDelay: 30, expireInSeconds: 60 * 60 },
  import: { retryLimit: 3, retryDelay: 10, expireInSeconds: 20 * 60 },
  'day-close': { retryLimit: 2, retryDelay: 20, expireInSeconds: 5 * 60 },
  'receipts-pull': { retryLimit: 2, retryDelay: 30, expireInSeconds: 10 * 60 },
  'notices-expiry': { retryLimit: 2, retryDelay: 30, expireInSeconds: 5 * 60 },
  // ~50–80 ms a certificate on a busy 2-core machine: 20,000 children take under half an hour; a retry resumes
  'tax-certificates': { retryLimit: 3, retryDelay: 30, expireInSeconds: 2 * 60 * 60 },
  'notifications-dispatch': { retryLimit: 2, retryDelay: 10, expireInSeconds: 5 * 60 },
  'notification-send': { retryLimit: 6, retryDelay: 30, expireInSeconds: 5 * 60, policy: 'standard', batchSize: 25 },
  'reminder-letters': { retryLimit: 2, retryDelay: 30, expireInSeconds: 30 * 60 },
  // 5,000 avvisi take well under a minute (bench/desk-bulk-print.ts); a retry writes the file over
  'desk-print': { retryLimit: 2, retryDelay: 10, expireInSeconds: 15 * 60 },
  'desk-prints-purge': { retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60 },
};
const JOB_NAMES = Object.keys(SETTINGS) as JobName[];

/**
 * A cron expression for "every `seconds`", rounded to whole minutes (cron's unit) and then to a divisor of the
 * hour or of the day, so the runs are evenly spaced; null for 0 (off).
 */
export function cronEvery(seconds: number): string | null {
  if (seconds <= 0) return null;
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) {
    const step = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30].findLast((divisor) => divisor <= minutes)!;
    return step === 1 ? '* * * * *' : `*/${step} * * * *`;
  }
  const hours = [1, 2, 3, 4, 6, 8, 12, 24].findLast((divisor) => divisor <= Math.round(minutes / 60))!;
  return hours === 24 ? '0 0 * * *' : hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
}

/** When each periodic job runs (Rome time); the others run when sent. */
export function jobSchedules(config: AppDeps['config']): Partial<Record<JobName, string | null>> {
  return {
    'day-close': '* * * * *',
    'notices-expiry': '*/5 * * * *',
    'notifications-dispatch': '* * * * *',
    'receipts-pull': cronEvery(config.pagopa.pullIntervalSeconds),
    // last year's 730 certificates, early on 15 January (sent with no run: the handler makes the year's runs)
    'tax-certificates': '0 6 15 1 *',
    // bulk-print files past their week, at night
    'desk-prints-purge': '30 3 * * *',
  };
}

export interface JobQueueOptions {
  /** Handlers this process works; the default is every registered one (none: a queue that only sends). */
  handlers?: Partial<Record<JobName, JobHandler>>;
  /** Register the periodic jobs and run pg-boss's cron (off in tests, which send the periodic jobs themselves). */
  schedules?: boolean;
  /** How often an idle worker looks for a job (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** How long stop() waits for jobs under way; those still running then are failed, to be retried. */
  stopTimeoutMs?: number;
  /** Seconds before the first retry of every queue, instead of each job's own (tests wait 1 s, not 30). */
  retryDelaySeconds?: number;
}

const onConnection = (client: pg.PoolClient | pg.Pool): PgBoss.Db => ({
  executeSql: (text, values) => client.query(text, values),
});

/**
 * pg-boss on the app's database (its own schema, over the app's pool, so a stop closes one pool after it):
 * creates or updates the queues, registers the schedules, and works the handlers with `deps`.
 */
export async function startJobQueue(deps: Omit<AppDeps, 'jobs'>, options: JobQueueOptions = {}): Promise<RunningJobQueue> {
  const { handlers = JOB_HANDLERS, schedules = true, pollingIntervalSeconds = 2, stopTimeoutMs = 10_000, retryDelaySeconds } = options;
  const boss = new PgBoss({ db: onConnection(deps.pool), schema: JOB_SCHEMA, schedule: schedules });
  let stopping = false;
  // A database that goes away first (a stop in any order) makes pg-boss's polls fail: news, not a crash.
  boss.on('error', (error) => {
    if (!stopping) deps.logger.warn({ err: error }, 'job queue: PostgreSQL error');
  });
  await boss.start();
  for (const name of JOB_NAMES) {
    const { batchSize: _batchSize, ...settings } = SETTINGS[name];
    const queue = { name, policy: 'stately' as 'stately' | 'standard', retryBackoff: true, ...settings };
    if (retryDelaySeconds !== undefined) queue.retryDelay = retryDelaySeconds;
    // createQueue leaves an existing queue as it is; updateQueue brings its settings to this version's
    await boss.createQueue(name, queue);
    await boss.updateQueue(name, queue);
  }
  if (schedules)
    for (const [name, cron] of Object.entries(jobSchedules(deps.config))) {
      if (cron) await boss.schedule(name, cron, {}, { tz: JOB_TIME_ZONE });
      else await boss.unschedule(name);
    }

  const queue: RunningJobQueue = {
    async send(name, data, sendOptions = {}) {
      const { singletonKey } = sendOptions;
      if (!singletonKey) {
        await boss.send(name, data);
        return;
      }
      // A stately queue still takes a second job while the first runs: the check and the insert are made one
      // step under a lock on the key, so a job of that key waiting, retrying or running drops this one.
      const client = await deps.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(5207311, hashtext($1))', [`${name}:${singletonKey}`]);
        const { rowCount } = await client.query(
          `SELECT 1 FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed'`,
          [name, singletonKey],
        );
        if (!rowCount) await boss.send(name, data, { singletonKey, db: onConnection(client) });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async sendMany(name, items) {
      if (items.length) await boss.insert(items.map((data) => ({ name, data })));
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await boss.stop({ graceful: true, wait: true, close: false, timeout: stopTimeoutMs }).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'job queue: stopping');
      });
    },
  };

  const workDeps: AppDeps = { ...deps, jobs: queue };
  for (const [name, handler] of Object.entries(handlers)) {
    const batchSize = SETTINGS[name as JobName].batchSize ?? 1;
    await boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds, batchSize }, async (batch) => {
      const results = await Promise.allSettled(batch.map((job) => handler(workDeps, job.data)));
      const failed = batch.filter((job, i) => {
        const result = results[i];
        if (result.status === 'fulfilled') return false;
        deps.logger.error({ err: result.reason as unknown, job: name, id: job.id }, 'job failed; pg-boss retries it');
        return true;
      });
      if (batch.length === 1 && failed.length) throw (results[0] as PromiseRejectedResult).reason;
      // in a batch, each failed job is failed (and retried) alone; pg-boss completes the others when this returns
      if (failed.length)
        await boss.fail(
          name,
          failed.map((job) => job.id),
        );
      return batch.length === 1 ? (results[0] as PromiseFulfilledResult<unknown>).value : undefined;
    });
  }
  return queue;
}
