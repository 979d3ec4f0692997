import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSummary } from '../../src/features/admin/service.ts';
import { aGuardian, aLocalAccount, aSchool, aStudent, aTenant, TEST_PASSWORD } from '../helpers/builders.ts';
import { agentFor, csrfTokenFrom, loginWithPassword } from '../helpers/http.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
let north: Awaited<ReturnType<typeof aTenant>>;
let south: Awaited<ReturnType<typeof aTenant>>;

beforeAll(async () => {
  ctx = await createTestContext();
  north = await aTenant(ctx.prisma, { slug: 'nord', name: 'Comune di Nord', billingMode: 'PREPAID' });
  south = await aTenant(ctx.prisma, { slug: 'sud', name: 'Comune di Sud', billingMode: 'POSTPAID' });
  for (const tenant of [north, south]) {
    const school = await aSchool(ctx.prisma, tenant.id);
    const guardian = await aGuardian(ctx.prisma, tenant.id);
    await aStudent(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id });
  }
  await aStudent(ctx.prisma, {
    tenantId: south.id,
    guardianId: (await aGuardian(ctx.prisma, south.id)).id,
    schoolId: (await aSchool(ctx.prisma, south.id)).id,
  });
  await aLocalAccount(ctx.prisma, north.id, { username: 'operatore', role: 'CLERK', fullName: 'Giulia Bianchi' });
  await aLocalAccount(ctx.prisma, north.id, { username: 'cassa', role: 'CASHIER' });
  await aLocalAccount(ctx.prisma, south.id, { username: 'operatore', role: 'CLERK' });
});

afterAll(() => ctx.close());

describe('pages frame and tenancy', () => {
  it('lists the Comuni served on /', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Comune di Nord');
    expect(res.text).toContain('Comune di Sud');
  });

  it('shows the services landing page with one card per section', async () => {
    const res = await request(ctx.app).get('/nord/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Servizi scolastici');
    expect(res.text).toContain('Consultazione e pagamento servizi scolastici');
    for (const title of [
      'Scheda anagrafica',
      'Refezione scolastica',
      'Documenti contabili',
      'Conto corrente virtuale',
      'Pagamento servizi scolastici',
      'Ricariche con PagoPA',
      'Comunicazioni assenze',
      'Pratiche online',
    ]) {
      expect(res.text).toContain(title);
    }
    expect(res.text.match(/data-qa="service-card"/g)).toHaveLength(8);
    expect(res.text.match(/VAI AL SERVIZIO/g)).toHaveLength(8);
    expect(res.text).toMatch(/Servizi online<\/a>.*Cittadini<\/a>.*Servizi scolastici/s);
    expect(res.text).toContain('/nord/privacy');
    expect(res.text).toContain('/nord/accessibilita');
  });

  it('offers no wallet sections in a post-paid Comune', async () => {
    const res = await request(ctx.app).get('/sud/');
    expect(res.text.match(/data-qa="service-card"/g)).toHaveLength(6);
    expect(res.text).not.toContain('Ricariche con PagoPA');
  });

  it('answers 404 with a page for an unknown Comune', async () => {
    const res = await request(ctx.app).get('/non-esiste/');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Pagina non trovata');
  });

  it('serves the privacy notice and the accessibility statement', async () => {
    const privacy = await request(ctx.app).get('/nord/privacy');
    expect(privacy.status).toBe(200);
    expect(privacy.text).toContain('Titolare del trattamento');
    const accessibility = await request(ctx.app).get('/nord/accessibilita');
    expect(accessibility.status).toBe(200);
    expect(accessibility.text).toContain('Meccanismo di feedback');
  });

  it('answers a missing asset with the Italian 404 page, and the browser’s /favicon.ico with our icon', async () => {
    const missing = await request(ctx.app).get('/static/img/assente.png');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Pagina non trovata');
    const icon = await request(ctx.app).get('/favicon.ico');
    expect(icon.status).toBe(301);
    expect((await request(ctx.app).get(icon.headers.location)).headers['content-type']).toContain('image/svg+xml');
  });

  it('serves Bootstrap Italia from node_modules', async () => {
    const res = await request(ctx.app).get('/static/bootstrap-italia/css/bootstrap-italia.min.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/css');
  });

  it('sends a CSP without unsafe-inline and the other security headers', async () => {
    const res = await request(ctx.app).get('/nord/');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('CSRF', () => {
  it('refuses a POST without a token and changes nothing', async () => {
    const res = await request(ctx.app).post('/nord/accedi').type('form').send({ username: 'operatore', password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Sessione scaduta');
    const account = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: north.id, username: 'operatore' } });
    expect(account.lastLoginAt).toBeNull();
  });

  it('refuses a token from another session', async () => {
    const page = await request(ctx.app).get('/nord/accedi');
    const res = await request(ctx.app)
      .post('/nord/accedi')
      .type('form')
      .send({ username: 'operatore', password: TEST_PASSWORD, _csrf: csrfTokenFrom(page.text) });
    expect(res.status).toBe(403);
  });
});

describe('local accounts', () => {
  it('logs a clerk in, regenerating the session, and shows the admin home', async () => {
    const agent = agentFor(ctx.app);
    await agent.get('/nord/accedi');
    const before = agent.jar.getCookie('ss.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })?.value;
    const res = await loginWithPassword(agent, 'nord', 'operatore', TEST_PASSWORD);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/nord/admin');
    const after = agent.jar.getCookie('ss.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const home = await agent.get('/nord/admin');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Area amministrativa');
    expect(home.text).toContain('Giulia Bianchi');
    const audit = await ctx.prisma.auditEvent.findFirst({ where: { tenantId: north.id, action: 'LOGIN' } });
    expect(audit?.actorLabel).toBe('operatore');
  });

  it('keeps the username and shows an Italian error on a wrong password', async () => {
    const agent = agentFor(ctx.app);
    const res = await loginWithPassword(agent, 'nord', 'cassa', 'sbagliata');
    expect(res.status).toBe(401);
    expect(res.text).toContain('Nome utente o password non corretti.');
    expect(res.text).toContain('value="cassa"');
  });

  it('locks an account after five failures, even for the right password', async () => {
    await aLocalAccount(ctx.prisma, north.id, { username: 'bersaglio' });
    const agent = agentFor(ctx.app);
    for (let attempt = 0; attempt < 5; attempt++) await loginWithPassword(agent, 'nord', 'bersaglio', 'sbagliata');
    const res = await loginWithPassword(agent, 'nord', 'bersaglio', TEST_PASSWORD);
    expect(res.status).toBe(401);
    expect(res.text).toContain('accesso è bloccato');
    ctx.setNow(new Date(ctx.clock.now().getTime() + 16 * 60_000));
    const later = await loginWithPassword(agent, 'nord', 'bersaglio', TEST_PASSWORD);
    expect(later.status).toBe(302);
    ctx.setNow('2026-11-18T07:30:00Z');
  });

  it('asks anonymous visitors of the back office to log in, and gives other roles 404', async () => {
    const anonymous = await request(ctx.app).get('/nord/admin');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/nord/accedi');
    const cashier = agentFor(ctx.app);
    await loginWithPassword(cashier, 'nord', 'cassa', TEST_PASSWORD);
    expect((await cashier.get('/nord/admin')).status).toBe(404);
    expect((await cashier.get('/nord/sportello')).status).toBe(200);
  });

  it('logs out and forgets the session', async () => {
    const agent = agentFor(ctx.app);
    await loginWithPassword(agent, 'nord', 'operatore', TEST_PASSWORD);
    const home = await agent.get('/nord/admin');
    const res = await agent
      .post('/nord/esci')
      .type('form')
      .send({ _csrf: csrfTokenFrom(home.text) });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/nord/');
    expect((await agent.get('/nord/admin')).status).toBe(302);
  });
});

describe('session timeouts', () => {
  const at = (minutesAfter: number) => new Date(Date.parse('2026-11-18T07:30:00Z') + minutesAfter * 60_000);

  it('ends a session idle for longer than the idle timeout', async () => {
    const agent = agentFor(ctx.app);
    await loginWithPassword(agent, 'nord', 'operatore', TEST_PASSWORD);
    expect((await agent.get('/nord/admin')).status).toBe(200);
    ctx.setNow(at(29));
    expect((await agent.get('/nord/admin')).status).toBe(200);
    ctx.setNow(at(29 + 31));
    expect((await agent.get('/nord/admin')).status).toBe(302);
    ctx.setNow(at(0));
  });

  it('ends an active session after the absolute timeout', async () => {
    const agent = agentFor(ctx.app);
    await loginWithPassword(agent, 'nord', 'operatore', TEST_PASSWORD);
    for (let minutes = 0; minutes <= 8 * 60; minutes += 20) {
      ctx.setNow(at(minutes));
      expect((await agent.get('/nord/admin')).status).toBe(200);
    }
    ctx.setNow(at(8 * 60 + 5));
    expect((await agent.get('/nord/admin')).status).toBe(302);
    ctx.setNow(at(0));
  });
});

describe('tenant isolation', () => {
  it('a login to one Comune means nothing in another', async () => {
    const agent = agentFor(ctx.app);
    await loginWithPassword(agent, 'nord', 'operatore', TEST_PASSWORD);
    expect((await agent.get('/nord/admin')).status).toBe(200);
    const other = await agent.get('/sud/admin');
    expect(other.status).toBe(302);
    expect(other.headers.location).toBe('/sud/accedi');
  });

  it("a clerk's figures count only their Comune's rows", async () => {
    expect(await adminSummary(ctx.prisma, north.id)).toMatchObject({ students: 1, guardians: 1 });
    expect(await adminSummary(ctx.prisma, south.id)).toMatchObject({ students: 2, guardians: 2 });
  });

  it('the same username in two Comuni are two accounts', async () => {
    const agent = agentFor(ctx.app);
    const res = await loginWithPassword(agent, 'sud', 'operatore', TEST_PASSWORD);
    expect(res.headers.location).toBe('/sud/admin');
    const page = await agent.get('/sud/admin');
    expect(page.text).toContain('Comune di Sud');
    expect(page.text).not.toContain('Comune di Nord');
  });
});
