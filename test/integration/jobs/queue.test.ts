// The job queue on a real pg-boss, on the file's own database: what survives a restart, retries, runs once
// across replicas, is scheduled in Rome time, and what a stop waits for.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobHandler } from '../../../src/jobs/handlers.ts';
import { JOB_SCHEMA, startJobQueue, type JobQueueOptions, type RunningJobQueue } from '../../../src/jobs/queue.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext();
const started: RunningJobQueue[] = [];

/** A queue as one replica runs it, polling fast; stopped after each test. */
async function replica(options: JobQueueOptions = {}) {
  const queue = await startJobQueue(ctx.deps, { schedules: false, pollingIntervalSeconds: 0.5, ...options });
  started.push(queue);
  return queue;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((queue) => queue.stop()));
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 4_000) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
}

const jobRows = async (name: string) =>
  (
    await ctx.pool.query<{ state: string; retry_count: number; data: Record<string, unknown> }>(
      `SELECT state, retry_count, data FROM ${JOB_SCHEMA}.job WHERE name = $1 ORDER BY created_on`,
      [name],
    )
  ).rows;

/** A handler that records the data of each run. */
function recorder(work: (data: Record<string, unknown>) => Promise<unknown> = async () => undefined) {
  const runs: Record<string, unknown>[] = [];
  const handler: JobHandler = async (_deps, data) => {
    runs.push(data);
    return work(data);
  };
  return { runs, handler };
}

beforeAll(async () => {
  // pg-boss creates its schema on the first start on a database: how long that takes, on a fresh test database
  const start = Date.now();
  await replica({ handlers: {} });
  console.log(`pg-boss first start on a fresh database: ${Date.now() - start} ms`);
  const again = Date.now();
  await replica({ handlers: {} });
  console.log(`pg-boss start with its schema in place: ${Date.now() - again} ms`);
  await Promise.all(started.splice(0).map((queue) => queue.stop()));
});

describe('the job queue', () => {
  it('a job sent survives a restart: queued by an instance that stops, run by the next one', async () => {
    const first = await replica({ handlers: {} });
    await first.send('billing-run', { runId: 'r1' });
    await first.stop();
    expect((await jobRows('billing-run')).map((job) => job.state)).toEqual(['created']);

    const { runs, handler } = recorder();
    await replica({ handlers: { 'billing-run': handler } });
    await until(() => runs.length === 1);
    expect(runs).toEqual([{ runId: 'r1' }]);
    await until(async () => (await jobRows('billing-run')).at(-1)?.state === 'completed');
  });

  it('a failing handler is retried with backoff, then succeeds', async () => {
    const attempts: number[] = [];
    const { runs, handler } = recorder(async () => {
      attempts.push(Date.now());
      if (attempts.length === 1) throw new Error('pagoPA is down');
    });
    const queue = await replica({ handlers: { 'receipts-pull': handler }, retryDelaySeconds: 1 });
    await queue.send('receipts-pull', {});
    await until(async () => (await jobRows('receipts-pull')).at(-1)?.state === 'completed');
    expect(runs).toHaveLength(2);
    // backoff: the first retry waits retryDelay × (1 to 2) seconds
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(1_000);
    expect((await jobRows('receipts-pull')).at(-1)?.retry_count).toBe(1);
  });

  it('two replicas on one database sending and working the same singleton job run it exactly once', async () => {
    const { runs, handler } = recorder(() => sleep(600));
    const [a, b] = await Promise.all([replica({ handlers: { import: handler } }), replica({ handlers: { import: handler } })]);
    const batchId = '5b0f6c1e-7d7e-4c1a-9a59-3c1d1e2f4a10';
    await Promise.all([a.send('import', { batchId }, { singletonKey: batchId }), b.send('import', { batchId }, { singletonKey: batchId })]);
    await until(() => runs.length === 1);
    // sent again while it runs: dropped too
    await b.send('import', { batchId }, { singletonKey: batchId });
    await until(async () => (await jobRows('import')).every((job) => job.state === 'completed'));
    await sleep(1_000);
    expect(runs).toEqual([{ batchId }]);
    expect(await jobRows('import')).toHaveLength(1);
    // once it has run, the same key may be sent again (a new run of that batch)
    await a.send('import', { batchId }, { singletonKey: batchId });
    await until(() => runs.length === 2);
  });

  it('registers the periodic jobs in Rome time, and a pull interval of 0 leaves the pull unscheduled', async () => {
    const schedules = async () =>
      (await ctx.pool.query(`SELECT name, cron, timezone FROM ${JOB_SCHEMA}.schedule ORDER BY name`)).rows as unknown[];
    const queue = await replica({ handlers: {}, schedules: true });
    expect(await schedules()).toEqual([
      { name: 'day-close', cron: '* * * * *', timezone: 'Europe/Rome' },
      { name: 'desk-prints-purge', cron: '30 3 * * *', timezone: 'Europe/Rome' },
      { name: 'notices-expiry', cron: '*/5 * * * *', timezone: 'Europe/Rome' },
      { name: 'notifications-dispatch', cron: '* * * * *', timezone: 'Europe/Rome' },
      { name: 'receipts-pull', cron: '*/5 * * * *', timezone: 'Europe/Rome' },
      { name: 'tax-certificates', cron: '0 6 15 1 *', timezone: 'Europe/Rome' },
    ]);
    await queue.stop();

    const config = { ...ctx.config, pagopa: { ...ctx.config.pagopa, pullIntervalSeconds: 0 } };
    const withoutPull = await startJobQueue({ ...ctx.deps, config }, { handlers: {}, schedules: true });
    started.push(withoutPull);
    expect(((await schedules()) as { name: string }[]).map((schedule) => schedule.name)).toEqual([
      'day-close',
      'desk-prints-purge',
      'notices-expiry',
      'notifications-dispatch',
      'tax-certificates',
    ]);
  });

  it('works the real handlers by default: a notice-expiry job sent runs the expiry pass', async () => {
    const queue = await replica();
    await queue.send('notices-expiry', {});
    await until(async () => (await jobRows('notices-expiry')).at(-1)?.state === 'completed');
    const { rows } = await ctx.pool.query<{ output: unknown }>(`SELECT output FROM ${JOB_SCHEMA}.job WHERE name = 'notices-expiry'`);
    expect(rows[0].output).toEqual({ locked: true, expired: 0, failedTenants: [] });
  });

  it('stop waits for a job under way to finish, and marks it completed', async () => {
    let finished = false;
    const { runs, handler } = recorder(async () => {
      await sleep(1_200);
      finished = true;
    });
    const queue = await replica({ handlers: { 'day-close': handler } });
    await queue.send('day-close', {});
    await until(() => runs.length === 1);
    await queue.stop();
    expect(finished).toBe(true);
    expect((await jobRows('day-close')).at(-1)?.state).toBe('completed');
  });
});
