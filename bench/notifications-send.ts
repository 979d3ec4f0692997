// Messages per second the notification sender sustains against the local SMTP catcher: a fresh database with the
// demo Comuni, N outbox messages (a news item marked "notify", e-mail only, or IO and e-mail with IO=1), one
// dispatch, then the real pg-boss workers of this process send them. Not a test: run it by hand.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/notifications-send.ts [N]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createPrismaClientOnPool } from '../src/db/client.ts';
import { uuidv7 } from '../src/db/uuid.ts';
import { applyMigrations } from '../src/db/schema-engine.ts';
import { systemClock } from '../src/domain/clock.ts';
import { runNotificationsDispatch } from '../src/features/notifications/outbox.ts';
import { createIoGateway } from '../src/io/index.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { startJobQueue } from '../src/jobs/queue.ts';
import { startMailCatcher } from '../src/mail/catcher.ts';
import { createSmtpMailer } from '../src/mail/mailer.ts';
import { createPagoPaGateway } from '../src/pagopa/index.ts';
import { seedDemo } from '../prisma/seed/index.ts';

const COUNT = Number(process.argv[2] ?? 1000);
const WITH_IO = process.env.IO === '1';
const admin = process.env.DATABASE_URL;
if (!admin) throw new Error('DATABASE_URL (an administrator connection) is required');
const name = `bench_notify_${process.pid}`;
const adminPool = new pg.Pool({ connectionString: admin, max: 1 });
await adminPool.query(`CREATE DATABASE ${name}`);
const url = new URL(admin);
url.pathname = `/${name}`;
const databaseUrl = url.toString();

try {
  await applyMigrations(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const prisma = createPrismaClientOnPool(pool);
  await seedDemo(prisma, { today: '2026-11-18' });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: databaseUrl, BASE_URL: baseUrl, LOG_LEVEL: 'silent' });
  const catcher = await startMailCatcher(0);
  const mailer = createSmtpMailer(catcher.smtpUrl, config.mail.from);
  const logger = pino({ level: 'silent' });
  const base = {
    config,
    prisma,
    pool,
    clock: systemClock,
    logger,
    pagopa: createPagoPaGateway(config),
    io: createIoGateway(config),
    mailer,
  };
  const jobs = await startJobQueue(base, {
    handlers: { 'notification-send': JOB_HANDLERS['notification-send']! },
    schedules: false,
    pollingIntervalSeconds: 0.5,
  });
  server.on('request', createApp({ ...base, jobs, mailCatcher: catcher }));

  const tenant = await prisma.tenant.update({
    where: { slug: 'dimostrativo' },
    data: { ioApiKey: WITH_IO ? 'bench-io-key-0000000001' : null },
  });
  const guardians = await prisma.guardian.findMany({ where: { tenantId: tenant.id, email: { not: null } }, select: { id: true } });
  const news = await prisma.news.create({
    data: {
      tenantId: tenant.id,
      title: 'Prova di invio',
      summary: 'Un messaggio di prova per misurare gli invii.',
      body: '…',
      publishedAt: new Date('2026-01-01T00:00:00Z'),
      notify: true,
    },
  });
  await prisma.notification.createMany({
    data: Array.from({ length: COUNT }, (_, i) => ({
      id: uuidv7(),
      tenantId: tenant.id,
      guardianId: guardians[i % guardians.length].id,
      kind: 'NEWS',
      payload: { newsId: news.id },
      dedupeKey: `bench:${i}`,
    })),
  });

  const started = performance.now();
  await runNotificationsDispatch({ prisma, jobs, clock: systemClock });
  for (;;) {
    const waiting = await prisma.notification.count({ where: { tenantId: tenant.id, state: 'PENDING' } });
    if (!waiting) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const sent = await prisma.notification.count({ where: { tenantId: tenant.id, state: 'SENT' } });
  console.log(
    `${sent}/${COUNT} messages sent (${WITH_IO ? 'IO simulator and e-mail' : 'e-mail only'}) in ${seconds.toFixed(1)} s: ` +
      `${(sent / seconds).toFixed(1)} messages/s; catcher received ${catcher.messages.length} e-mails`,
  );
  await jobs.stop();
  mailer.close();
  await catcher.close();
  server.close();
  await prisma.$disconnect();
  await pool.end();
} finally {
  await adminPool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminPool.end();
}
