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
import type { JobName, JobQueue } from '../../src/jobs/queue.ts';
import { createPagoPaGateway } from '../../src/pagopa/index.ts';
import { cloneDatabase, dropDatabase, withDatabase } from './database.ts';

export interface TestContext {
  app: Express;
  prisma: Db;
  pool: pg.Pool;
  config: Config;
  databaseUrl: string;
  /** Move the app's clock (tests stand at 08:59:59, on DST days, …). */
  setNow(instant: string | Date): void;
  clock: Clock;
  jobs: JobQueue;
  /** The jobs the app asked for, in order (nothing runs them: a test calls the worker itself). */
  sentJobs: { name: JobName; data: Record<string, unknown> }[];
  /** Set with `listen: true`: the app's own URL, also its BASE_URL (pagoPA return URLs, the simulator). */
  baseUrl?: string;
  close(): Promise<void>;
}

/**
 * The real app on its own fresh database (a copy of the migrated template, empty or with the demo
 * Comuni), with a movable clock. Call close() in afterAll.
 * `listen: true` serves it on a loopback port before it is built, so BASE_URL is that port: the pagoPA
 * client then talks HTTP to the app's own simulator, and checkout returns to the same server.
 */
export async function createTestContext(
  options: { demo?: boolean; now?: string; env?: Record<string, string>; listen?: boolean } = {},
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
  const sentJobs: TestContext['sentJobs'] = [];
  const jobs: JobQueue = {
    send: (name, data) => {
      sentJobs.push({ name, data });
      return Promise.resolve();
    },
  };
  const app = createApp({ config, prisma, pool, clock, logger: pino({ level: 'silent' }), pagopa: createPagoPaGateway(config), jobs });
  handler.app = app;
  return {
    app,
    sentJobs,
    jobs,
    baseUrl,
    prisma,
    pool,
    config,
    databaseUrl,
    clock,
    setNow: (instant) => {
      current = fixedClock(instant);
    },
    async close() {
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
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
