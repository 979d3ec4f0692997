// The portal as the bench measures it, in its own process: createApp with the production configuration
// (NODE_ENV=production: templates cached, secure cookies, no dev identity provider, no pagoPA simulator, real
// pagoPA client pointed at an address no scenario calls). The parent process talks to it over IPC:
// it says { listening: port } once ready, and { clock: ISO instant } moves the app's clock.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { devIdpCredentials } from '../src/auth/dev-idp/descriptor.ts';
import { loadConfig } from '../src/config.ts';
import { startChangeFeed } from '../src/db/change-feed.ts';
import { createPrismaClientOnPool } from '../src/db/client.ts';
import { startJobQueue } from '../src/jobs/queue.ts';
import { createIoGateway } from '../src/io/index.ts';
import { createSmtpMailer } from '../src/mail/mailer.ts';
import { createPagoPaGateway } from '../src/pagopa/index.ts';
import { writeIdpMetadata } from '../test/helpers/saml-idp.ts';
import { installProbe } from './app-probe.ts';
import { movableClock } from './clock.ts';
import { BENCH_PUSH_TOKEN, BENCH_SESSION_SECRET } from './credentials.ts';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl || !process.send) throw new Error('Started by bench/run.ts only (BENCH_DATABASE_URL, IPC channel)');
const keys = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/auth/dev-idp/keys');
const unused = 'http://127.0.0.1:9/not-called-by-the-bench';
const config = loadConfig({
  NODE_ENV: 'production',
  PORT: '0',
  BASE_URL: 'http://127.0.0.1',
  LOG_LEVEL: 'silent',
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: BENCH_SESSION_SECRET,
  SAML_KEY_PATH: path.join(keys, 'TEST-ONLY-sp-key.pem'),
  SAML_CERT_PATH: path.join(keys, 'TEST-ONLY-sp-cert.pem'),
  SPID_IDP_METADATA: writeIdpMetadata(mkdtempSync(path.join(os.tmpdir(), 'bench-idp-')), [
    {
      entityId: 'https://idp.bench.example',
      name: 'Bench IdP',
      credentials: devIdpCredentials(),
      ssoRedirect: 'https://idp.bench.example/sso',
    },
  ]),
  PAGOPA_MODE: 'real',
  PAGOPA_GPD_BASE_URL: unused,
  PAGOPA_GPD_API_KEY: 'unused',
  PAGOPA_CHECKOUT_BASE_URL: unused,
  PAGOPA_RECEIPTS_BASE_URL: unused,
  PAGOPA_RECEIPTS_API_KEY: 'unused',
  PAGOPA_PUSH_TOKEN: BENCH_PUSH_TOKEN,
});
if (process.env.BENCH_PROBE === '1') installProbe((message) => process.send!(message));
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const prisma = createPrismaClientOnPool(pool);
const clock = movableClock(process.env.BENCH_CLOCK ? new Date(process.env.BENCH_CLOCK) : new Date());
// Only warnings and errors, to a file the bench reports (a 500 under load must be explainable afterwards).
const logger = pino({ level: 'warn' }, pino.destination({ dest: process.env.BENCH_APP_LOG ?? 2, sync: false }));
// Pages send no e-mail: a mailer that is never opened (its SMTP connection is made on the first message).
const mailer = createSmtpMailer('smtp://127.0.0.1:1', config.mail.from);
const base = { config, prisma, pool, clock, logger, pagopa: createPagoPaGateway(config), io: createIoGateway(config), mailer };
// The bench measures the web process: its queue only sends (no worker competes with the load for the pool).
const jobs = await startJobQueue(base, { handlers: {}, schedules: false });
const changes = await startChangeFeed(pool, logger);
const app = createApp({ ...base, jobs, changes });
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ listening: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (message: { clock?: string }) => {
  if (message.clock) {
    clock.set(new Date(message.clock));
    process.send!({ clockSet: message.clock });
  }
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
  void jobs
    .stop()
    .then(() => changes.stop())
    .then(() => prisma.$disconnect())
    .then(() => pool.end())
    .then(() => process.exit(0));
});
