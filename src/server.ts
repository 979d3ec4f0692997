import type { Server } from 'node:http';
import pg from 'pg';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createPrismaClientOnPool } from './db/client.ts';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from './db/embedded.ts';
import { applyMigrations } from './db/schema-engine.ts';
import { systemClock } from './domain/clock.ts';
import { romeDateOf } from './domain/dates.ts';
import { createLogger } from './logger.ts';
import { startReceiptsPullJob } from './jobs/receipts-pull.ts';
import { startDayCloseJob } from './jobs/day-close.ts';
import { startNoticesExpiryJob } from './jobs/notices-expiry.ts';
import { startImportsJob } from './jobs/imports.ts';
import { createPagoPaGateway } from './pagopa/index.ts';
import { DEMO_LOGINS } from '../prisma/seed/identities.ts';
import { seedDemo } from '../prisma/seed/index.ts';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  let embedded: RunningPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.embeddedPostgres);
    await ensureDatabase(embedded.url('postgres'), 'servizi_scolastici');
    databaseUrl = embedded.url('servizi_scolastici');
    logger.info({ port: config.embeddedPostgres.port, dataDir: config.embeddedPostgres.dataDir }, 'embedded PostgreSQL started');
  }

  const applied = await applyMigrations(databaseUrl);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const prisma = createPrismaClientOnPool(pool);
  if (config.seedDemo) {
    const { created } = await seedDemo(prisma, { today: romeDateOf(systemClock.now()) });
    if (created) logger.info('demo data created');
  }

  const deps = { config, prisma, pool, clock: systemClock, logger, pagopa: createPagoPaGateway(config) };
  const app = createApp(deps);
  const server: Server = app.listen(config.port);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const receiptsJob = startReceiptsPullJob(deps, config.pagopa.pullIntervalSeconds * 1000);
  const dayCloseJob = startDayCloseJob(deps);
  const expiryJob = startNoticesExpiryJob(deps);
  const importsJob = startImportsJob(deps);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nServizi Scolastici is running at ${config.baseUrl}/ (ready in ${seconds} s)`);
  if (config.seedDemo) {
    console.log('Demo logins:');
    for (const login of DEMO_LOGINS)
      console.log(`  ${login.tenantSlug.padEnd(13)} ${login.role.padEnd(9)} ${login.login.padEnd(18)} ${login.description}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    receiptsJob.stop();
    dayCloseJob.stop();
    expiryJob.stop();
    importsJob.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await prisma.$disconnect();
    await pool.end();
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
