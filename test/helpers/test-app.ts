import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, inject } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createPrismaClientOnPool, type Db } from '../../src/db/client.ts';
import { fixedClock, type Clock } from '../../src/domain/clock.ts';
import type { AppDeps } from '../../src/deps.ts';
import { startJobQueue, type RunningJobQueue } from '../../src/jobs/queue.ts';
import { createPagoPaGateway } from '../../src/pagopa/index.ts';
import { createIoGateway } from '../../src/io/index.ts';
import { startMailCatcher, type MailCatcher } from '../../src/mail/catcher.ts';
import { createSmtpMailer } from '../../src/mail/mailer.ts';
import { cloneDatabase, dropDatabase, withDatabase } from './database.ts';
import { recordingJobQueue, type SentJob } from './jobs.ts';
import { startChangeFeed } from '../../src/db/change-feed.ts';

export interface TestContext {
  app: Express;
  prisma: Db;
  pool: pg.Pool;
  config: Config;
  databaseUrl: string;
  /** Move the app's clock (tests stand at 08:59:59, on DST days, …). */
  setNow(instant: string | Date): void;
  clock: Clock;
  /** Set with `listen: true`: the app's own URL, also its BASE_URL (pagoPA return URLs, the simulator). */
  baseUrl?: string;
  /** What the app was built with (to call a service or a job handler as the app would). */
  deps: AppDeps;
  /** Every job the app sent; with `jobs: true` they were also queued on the real pg-boss, whose workers run them. */
  sentJobs: SentJob[];
  /** This context's own SMTP catcher (a free port): every e-mail the app sends, as real MIME, parsed. */
  mail: MailCatcher;
  close(): Promise<void>;
}

/**
 * The real app on its own fresh database (a copy of the migrated template, empty or with the demo
 * Comuni), with a movable clock. Call close() in afterAll.
 * `listen: true` serves it on a loopback port before it is built, so BASE_URL is that port: the pagoPA
 * client then talks HTTP to the app's own simulator, and checkout returns to the same server.
 * `jobs: true` starts the real job queue (pg-boss) on the file's database with the real handlers, polling fast and
 * without the periodic schedules (a test sends those jobs itself); without it, jobs are only recorded in `sentJobs`.
 * `changes: true` keeps rarely changed rows between requests as the server does (src/db/change-feed.ts); off by
 * default, since a test that writes with ctx.prisma and reads a page at once would race the change notice.
 */
export async function createTestContext(
  options: { demo?: boolean; now?: string; env?: Record<string, string>; listen?: boolean; jobs?: boolean; changes?: boolean } = {},
): Promise<TestContext> {
  const admin = inject('adminDatabaseUrl');
  const template = options.demo ? inject('demoTemplate') : inject('emptyTemplate');
  const name = await cloneDatabase(admin, template, inject('testDatabasePrefix'));
  const databaseUrl = withDatabase(admin, name);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
  // The file's database is dropped when it ends; a connection PostgreSQL closes then is expected, not an error of
  // the test (the queries that matter have run and been asserted).
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const prisma = createPrismaClientOnPool(pool);
  let current = fixedClock(options.now ?? '2026-11-18T07:30:00Z');
  const clock: Clock = { now: () => current.now() };
  const handler: { app?: Express } = {};
  let server: Server | undefined;
  let baseUrl: string | undefined;
  if (options.listen) {
    server = createServer((req, res) => handler.app!(req, res));
    server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server!.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    ...(baseUrl ? { BASE_URL: baseUrl } : {}),
    ...options.env,
  });
  const mail = await startMailCatcher(0);
  const mailer = createSmtpMailer(mail.smtpUrl, config.mail.from);
  const base = {
    config,
    prisma,
    pool,
    clock,
    logger: pino({ level: 'silent' }),
    pagopa: createPagoPaGateway(config),
    io: createIoGateway(config),
    mailer,
    mailCatcher: mail,
  };
  let queue: RunningJobQueue | undefined;
  if (options.jobs) queue = await startJobQueue(base, { schedules: false, pollingIntervalSeconds: 0.5 });
  const jobs = recordingJobQueue(queue);
  const changes = options.changes ? await startChangeFeed(pool, base.logger) : undefined;
  const deps: AppDeps = { ...base, jobs, changes };
  const app = createApp(deps);
  handler.app = app;
  return {
    app,
    baseUrl,
    prisma,
    pool,
    config,
    databaseUrl,
    clock,
    deps,
    sentJobs: jobs.sent,
    mail,
    setNow: (instant) => {
      current = fixedClock(instant);
    },
    async close() {
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await queue?.stop();
      mailer.close();
      await mail.close();
      await changes?.stop();
      await prisma.$disconnect();
      await pool.end();
      await dropDatabase(admin, name);
    },
  };
}

/**
 * For one test file: a context made before its tests and closed after them. The returned object stands
 * for the context (its fields are read at test time, once beforeAll has run).
 */
export function useTestContext(options: Parameters<typeof createTestContext>[0] = {}): TestContext {
  let context: TestContext | undefined;
  beforeAll(async () => {
    context = await createTestContext(options);
  });
  afterAll(async () => {
    await context?.close();
  });
  return new Proxy({} as TestContext, {
    get: (_target, key) => {
      if (!context) throw new Error('The test context exists only inside tests and hooks');
      return context[key as keyof TestContext];
    },
  });
}
