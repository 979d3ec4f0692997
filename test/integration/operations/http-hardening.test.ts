// What operations and shared computers need from every answer: health checks a load balancer can trust,
// nothing personal kept in a browser's cache, and CSRF tokens that never reach an access log.
import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEMO_PARENT, DEMO_PASSWORD } from '../../../prisma/seed/identities.ts';
import { createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createPrismaClientOnPool } from '../../../src/db/client.ts';
import { systemClock } from '../../../src/domain/clock.ts';
import { createIoGateway } from '../../../src/io/index.ts';
import { createSmtpMailer } from '../../../src/mail/mailer.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { agentFor, csrfTokenFrom } from '../../helpers/http.ts';
import { loginAsCitizen, loginAsStaffWithPassword } from '../../helpers/login.ts';
import { recordingJobQueue } from '../../helpers/jobs.ts';
import { download } from '../../helpers/pdf.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ demo: true });
const T = '/dimostrativo';

/** The same app on a PostgreSQL that is not there (nothing listens on port 1). */
function appWithoutDatabase() {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none', LOG_LEVEL: 'silent' });
  const pool = new pg.Pool({ connectionString: config.databaseUrl, connectionTimeoutMillis: 2000 });
  const prisma = createPrismaClientOnPool(pool);
  const app = createApp({
    config,
    prisma,
    pool,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    pagopa: createPagoPaGateway(config),
    io: createIoGateway(config),
    mailer: createSmtpMailer('smtp://127.0.0.1:1', config.mail.from),
    jobs: recordingJobQueue(),
  });
  return { app, close: () => pool.end() };
}

describe('health checks', () => {
  it('liveness answers 200 and readiness answers 200 when the database answers', async () => {
    for (const path of ['/health', '/health/live']) {
      const live = await request(ctx.app).get(path);
      expect(live.status, path).toBe(200);
      expect(live.body).toEqual({ status: 'ok' });
    }
    const ready = await request(ctx.app).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
  });

  it('readiness answers 503 while PostgreSQL is down; liveness still 200', async () => {
    const down = appWithoutDatabase();
    try {
      const ready = await request(down.app).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', database: 'unreachable' });
      expect(ready.headers['cache-control']).toBe('no-store');
      expect((await request(down.app).get('/health/live')).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});

describe('Cache-Control behind a login', () => {
  it('no-store on a parent page, an invoice PDF, a staff page and a kitchen CSV; public assets stay cacheable', async () => {
    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
    const invoice = await ctx.prisma.invoice.findFirstOrThrow({
      where: { tenant: { slug: 'dimostrativo' }, guardian: { fiscalCode: DEMO_PARENT.fiscalCode } },
    });
    const home = await parent.get(`${T}/home`);
    expect(home.status).toBe(200);
    expect(home.headers['cache-control']).toBe('no-store');
    const pdf = await download(parent, `${T}/documenti/${invoice.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');

    const clerk = agentFor(ctx.app);
    await loginAsStaffWithPassword(clerk, 'dimostrativo', 'operatore', DEMO_PASSWORD);
    const admin = await clerk.get(`${T}/admin`);
    expect(admin.status).toBe(200);
    expect(admin.headers['cache-control']).toBe('no-store');

    const caterer = agentFor(ctx.app);
    await loginAsStaffWithPassword(caterer, 'dimostrativo', 'cucina', DEMO_PASSWORD);
    const csv = await caterer.get(`${T}/cucina/csv?data=2026-11-19`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['cache-control']).toBe('no-store');

    const css = await parent.get('/static/css/app.css');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=604800');
  });
});

describe('CSRF token', () => {
  it('is refused in the query string and accepted in the body', async () => {
    const agent = agentFor(ctx.app);
    const token = csrfTokenFrom((await agent.get(`${T}/accedi`)).text);
    const inQuery = await agent
      .post(`${T}/accedi?_csrf=${encodeURIComponent(token)}`)
      .type('form')
      .send({ username: 'operatore', password: DEMO_PASSWORD });
    expect(inQuery.status).toBe(403);
    expect(inQuery.text).toContain('Sessione scaduta');
    const inBody = await agent.post(`${T}/accedi`).type('form').send({ username: 'operatore', password: DEMO_PASSWORD, _csrf: token });
    expect(inBody.status).toBe(302);
  });

  it('is accepted in the x-csrf-token header', async () => {
    const agent = agentFor(ctx.app);
    const token = csrfTokenFrom((await agent.get(`${T}/accedi`)).text);
    const inHeader = await agent
      .post(`${T}/accedi`)
      .set('x-csrf-token', token)
      .type('form')
      .send({ username: 'operatore', password: DEMO_PASSWORD });
    expect(inHeader.status).toBe(302);
  });
});
