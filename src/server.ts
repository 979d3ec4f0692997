import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { createApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { createPrismaClientOnPool } from './db/client.ts';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from './db/embedded.ts';
import { applyMigrations } from './db/schema-engine.ts';
import { systemClock } from './domain/clock.ts';
import { romeDateOf } from './domain/dates.ts';
import { createLogger } from './logger.ts';
import { sendQueuedImports } from './features/admin/imports/batches.ts';
import { startJobQueue } from './jobs/queue.ts';
import { createPagoPaGateway } from './pagopa/index.ts';
import { createIoGateway } from './io/index.ts';
import { startMailCatcher, type MailCatcher } from './mail/catcher.ts';
import { createSmtpMailer } from './mail/mailer.ts';
import { startFailureSentence } from './start-failure.ts';
import { DEMO_LOGINS } from '../prisma/seed/identities.ts';
import { seedDemo } from '../prisma/seed/index.ts';
import { startChangeFeed } from './db/change-feed.ts';

/** How long a stop waits for requests under way before closing their connections. */
const DRAIN_MS = 10_000;

let config: Config | undefined;
let embedded: RunningPostgres | undefined;
let stopAsked = false;

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  config = loadConfig();
  const logger = createLogger(config.logLevel);
  // A stop asked while starting: the embedded PostgreSQL is not left running, and what was under way
  // failing because of it is no start failure.
  const stopWhileStarting = () => {
    stopAsked = true;
    void (embedded?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.once('SIGINT', stopWhileStarting).once('SIGTERM', stopWhileStarting);

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.embeddedPostgres);
    for (const note of embedded.notes) logger.info(note);
    await ensureDatabase(embedded.url('postgres'), 'servizi_scolastici');
    databaseUrl = embedded.url('servizi_scolastici');
    logger.info({ port: config.embeddedPostgres.port, dataDir: embedded.dataDir }, 'embedded PostgreSQL started');
  }

  const applied = await applyMigrations(databaseUrl);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection the server closes (a restart, a stop in any order) is only news, never a crash;
  // while we stop, closing them is what we asked for.
  let stopping = false;
  pool.on('error', (error) => {
    if (!stopping) logger.warn({ err: error }, 'PostgreSQL closed an idle connection');
  });
  // A connection in use when the server goes away fails its query (the caller sees that); its 'error' event
  // must not crash the process too.
  pool.on('connect', (client) =>
    client.on('error', (error) => {
      if (!stopping) logger.warn({ err: error }, 'PostgreSQL closed a connection in use');
    }),
  );
  const prisma = createPrismaClientOnPool(pool);
  if (config.seedDemo) {
    const { created } = await seedDemo(prisma, { today: romeDateOf(systemClock.now()) });
    if (created) logger.info('demo data created');
  }

  // Outside production every e-mail goes to a catcher in this process, read under /_mail (unless SMTP_URL says where).
  let mailCatcher: MailCatcher | undefined;
  if (!config.isProduction && !config.mail.smtpUrl) {
    mailCatcher = await startMailCatcher(config.mail.catcherPort);
    logger.info({ port: mailCatcher.port }, 'SMTP catcher started: messages at /_mail');
  }
  const mailer = createSmtpMailer(config.mail.smtpUrl ?? mailCatcher!.smtpUrl, config.mail.from);
  const base = {
    config,
    prisma,
    pool,
    clock: systemClock,
    logger,
    pagopa: createPagoPaGateway(config),
    io: createIoGateway(config),
    mailer,
    mailCatcher,
  };
  const jobs = await startJobQueue(base, { stopTimeoutMs: DRAIN_MS });
  const changes = await startChangeFeed(pool, logger);
  const deps = { ...base, jobs, changes };
  const requeued = await sendQueuedImports(deps);
  if (requeued) logger.info({ batches: requeued }, 'confirmed imports sent to the job queue again');
  const server = createServer(createApp(deps));
  await listen(server, config.port);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nServizi Scolastici is running at ${config.baseUrl}/ (ready in ${seconds} s)`);
  if (config.seedDemo) {
    console.log('Demo logins:');
    for (const login of DEMO_LOGINS)
      console.log(`  ${login.tenantSlug.padEnd(13)} ${login.role.padEnd(9)} ${login.login.padEnd(18)} ${login.description}`);
  }

  // In this order: no new work, work under way finishes, connections close, then the database stops.
  // Each step tolerates the database having gone first (a signal to the whole group, systemd, docker).
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const forced = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    await Promise.all([drained, jobs.stop()]);
    clearTimeout(forced);
    mailer.close();
    await mailCatcher?.close();
    await changes.stop();
    await prisma.$disconnect().catch((error: unknown) => logger.warn({ err: error }, 'closing Prisma'));
    await pool.end().catch((error: unknown) => logger.warn({ err: error }, 'closing the pool'));
    await embedded?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.off('SIGINT', stopWhileStarting).off('SIGTERM', stopWhileStarting);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(async (error: unknown) => {
  if (stopAsked) return;
  console.error(startFailureSentence(error, { port: config?.port, databaseUrl: config?.databaseUrl }));
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
