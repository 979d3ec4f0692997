// npm run bench — throughput and latency of the main pages on this machine, next to a bare-Express
// baseline that renders a page of the same size without touching the database. Loopback only,
// bounded in time. Uses DATABASE_URL when set, else an embedded PostgreSQL under .data/bench-postgres.
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createPrismaClientOnPool } from '../src/db/client.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { applyMigrations } from '../src/db/schema-engine.ts';
import { systemClock } from '../src/domain/clock.ts';
import { romeDateOf } from '../src/domain/dates.ts';
import { createPagoPaGateway } from '../src/pagopa/index.ts';
import { DEMO_PARENT, DEMO_PASSWORD } from '../prisma/seed/identities.ts';
import { seedDemo } from '../prisma/seed/index.ts';
import { loginAsCitizen, loginAsStaffWithPassword } from '../test/helpers/login.ts';
import { benchImport } from './import.ts';
import { runLoad, type LoadResult } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function sessionCookie(app: express.Express, login: (agent: ReturnType<typeof request.agent>) => Promise<void>): Promise<string> {
  const agent = request.agent(app);
  await login(agent);
  const cookie = agent.jar.getCookie('ss.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false });
  if (!cookie) throw new Error('login opened no session');
  return `ss.sid=${cookie.value}`;
}

async function main(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  const embedded = adminUrl ? undefined : await startEmbeddedPostgres({ dataDir: '.data/bench-postgres', port: 54359 });
  adminUrl ??= embedded!.url('postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS ss_bench WITH (FORCE)');
  await admin.end();
  await ensureDatabase(adminUrl, 'ss_bench');
  const url = new URL(adminUrl);
  url.pathname = '/ss_bench';
  const databaseUrl = url.toString();
  await applyMigrations(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const prisma = createPrismaClientOnPool(pool);
  const seedStarted = Date.now();
  await seedDemo(prisma, { today: romeDateOf(systemClock.now()) });
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const app = createApp({
    config,
    prisma,
    pool,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    pagopa: createPagoPaGateway(config),
  });
  const portal = await listen(app);
  const landingSize = (await (await fetch(`${portal.base}/dimostrativo/`)).text()).length;

  const baselineApp = express();
  const filler = 'x'.repeat(landingSize);
  baselineApp.get('/', (_req, res) => {
    res.type('html').send(`<!doctype html><html><body>${filler}</body></html>`);
  });
  const baseline = await listen(baselineApp);

  const parent = await sessionCookie(app, (agent) => loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode));
  const clerk = await sessionCookie(app, (agent) => loginAsStaffWithPassword(agent, 'dimostrativo', 'operatore', DEMO_PASSWORD));

  const scenarios: { name: string; url: string; cookie?: string }[] = [
    { name: 'baseline: bare Express, same page size', url: `${baseline.base}/` },
    { name: 'landing page (anonymous)', url: `${portal.base}/dimostrativo/` },
    { name: 'parent home', url: `${portal.base}/dimostrativo/home`, cookie: parent },
    { name: 'refezione: month calendar', url: `${portal.base}/dimostrativo/refezione`, cookie: parent },
    { name: 'documenti contabili', url: `${portal.base}/dimostrativo/documenti`, cookie: parent },
    { name: 'conto corrente virtuale', url: `${portal.base}/dimostrativo/conto`, cookie: parent },
    { name: 'admin home (clerk)', url: `${portal.base}/dimostrativo/admin`, cookie: clerk },
  ];
  const results: LoadResult[] = [];
  for (const scenario of scenarios) {
    const headers: Record<string, string> = scenario.cookie ? { cookie: scenario.cookie } : {};
    await runLoad({ name: scenario.name, url: scenario.url, headers, concurrency: 2, seconds: 1 });
    results.push(await runLoad({ name: scenario.name, url: scenario.url, headers, concurrency: CONCURRENCY, seconds: SECONDS }));
  }

  const importResult = await benchImport({ prisma, pagopa: createPagoPaGateway(config), logger: pino({ level: 'silent' }) }, 'borgoverde');
  console.log(
    `\nImport of ${importResult.students} students (${importResult.megabytes} MB CSV): dry run ${importResult.checkSeconds.toFixed(1)} s, ` +
      `import ${importResult.importSeconds.toFixed(1)} s, ${importResult.state}.`,
  );

  console.log(`\nDemo seed: ${seedSeconds.toFixed(1)} s. Load: ${CONCURRENCY} clients × ${SECONDS} s per page, loopback.\n`);
  console.table(
    results.map((r) => ({ page: r.name, 'req/s': r.perSecond, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, errors: r.errors })),
  );
  await mkdir('bench/results', { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(
    file,
    JSON.stringify({ seedSeconds, concurrency: CONCURRENCY, seconds: SECONDS, results, import: importResult }, null, 2),
  );
  console.log(`Saved ${file}`);

  portal.server.closeAllConnections();
  baseline.server.closeAllConnections();
  portal.server.close();
  baseline.server.close();
  await prisma.$disconnect();
  await pool.end();
  await embedded?.stop();
  if (results.some((r) => r.errors > 0) || importResult.state !== 'DONE') process.exitCode = 1;
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
