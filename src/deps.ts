import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { ChangeFeed } from './db/change-feed.ts';
import type { Db } from './db/client.ts';
import type { Clock } from './domain/clock.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { PagoPaGateway } from './pagopa/gateway.ts';
import type { IoGateway } from './io/gateway.ts';
import type { MailCatcher } from './mail/catcher.ts';
import type { Mailer } from './mail/mailer.ts';

/** Everything the app needs from outside; server.ts builds the real ones, tests their own. */
export interface AppDeps {
  config: Config;
  prisma: Db;
  /** The pool Prisma uses, shared with the session store. */
  pool: pg.Pool;
  clock: Clock;
  logger: Logger;
  /** pagoPA: the HTTP client, pointed at the real services or at our own simulator. */
  pagopa: PagoPaGateway;
  /** E-mail over SMTP (to the provider, or to the catcher outside production). */
  mailer: Mailer;
  /** The IO app's Services API: the HTTP client, pointed at IO or at our own simulator. */
  io: IoGateway;
  /** Outside production: the SMTP catcher the mailer writes to, shown under /_mail. */
  mailCatcher?: MailCatcher;
  /** Background jobs (pg-boss on the same PostgreSQL): long work is sent here, never run in a request. */
  jobs: JobQueue;
  /** Tells when rarely changed tables are written, so their rows may be kept between requests; without it, nothing is. */
  changes?: ChangeFeed;
}
