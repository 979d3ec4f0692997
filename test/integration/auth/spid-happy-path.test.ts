import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADULT_WITHOUT_CHILDREN, DEMO_CLERK, DEMO_DELEGATE, DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom } from '../../helpers/http.ts';
import { loginAsCitizen, loginThroughDevIdp, pathOf } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

describe('SPID login through the local identity provider (demo Comune)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ demo: true });
  });
  afterAll(() => ctx.close());

  it('logs the demo parent in as intestatario of her family and lands on the parent home', async () => {
    const agent = agentFor(ctx.app);
    const acs = await loginThroughDevIdp(agent, 'dimostrativo', { fiscalCode: DEMO_PARENT.fiscalCode });
    expect(acs.status).toBe(302);
    expect(acs.headers.location).toBe('/dimostrativo/home');
    const landing = await agent.get('/dimostrativo/');
    expect(landing.text).toContain('data-qa="logged-user"');
    expect(landing.text).toContain('Maria Rossi');
  });

  it('opens the session of a delegate on the family that delegated her, without intestatario rights', async () => {
    const agent = agentFor(ctx.app);
    await loginAsCitizen(agent, 'dimostrativo', DEMO_DELEGATE.fiscalCode);
    const landing = await agent.get('/dimostrativo/');
    expect(landing.text).toContain('Anna Galli');
  });

  it('gives the clerk her staff role', async () => {
    const agent = agentFor(ctx.app);
    const acs = await loginThroughDevIdp(agent, 'dimostrativo', { fiscalCode: DEMO_CLERK.fiscalCode });
    expect(acs.headers.location).toBe('/dimostrativo/admin');
  });

  it('refuses an adult with no children and no staff record, with the office contacts and no session', async () => {
    const agent = agentFor(ctx.app);
    const acs = await loginThroughDevIdp(agent, 'dimostrativo', { fiscalCode: ADULT_WITHOUT_CHILDREN.fiscalCode });
    expect(acs.status).toBe(403);
    expect(acs.text).toContain('Consultazione non possibile, verificare il codice fiscale dell&#39;utente');
    expect(acs.text).toContain('istruzione@comune.dimostrativo.example');
    const landing = await agent.get('/dimostrativo/');
    expect(landing.text).not.toContain('data-qa="logged-user"');
  });

  it('answers with an error code when asked to, which we show as its own page', async () => {
    const acs = await loginThroughDevIdp(agentFor(ctx.app), 'dimostrativo', { fiscalCode: '', errorCode: 22 });
    expect(acs.status).toBe(401);
    expect(acs.text).toContain('Consenso negato');
  });

  it('the test identity provider refuses an AuthnRequest whose signature is not ours', async () => {
    const agent = agentFor(ctx.app);
    const start = await agent.get(`/dimostrativo/saml/spid?idp=${encodeURIComponent(`${ctx.config.baseUrl}/_dev-idp`)}`);
    const unsigned = pathOf(start.headers.location).replace(/&Signature=[^&]+/, '');
    const page = await agent.get(unsigned);
    expect(page.status).toBe(400);
    expect(page.text).toContain('senza una firma valida');
  });

  it('logs out through the identity provider (Single Logout) and back to the landing page', async () => {
    const agent = agentFor(ctx.app);
    await loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode);
    const landing = await agent.get('/dimostrativo/');
    const esci = await agent
      .post('/dimostrativo/esci')
      .type('form')
      .send({ _csrf: csrfTokenFrom(landing.text) });
    expect(esci.status).toBe(307);
    const logout = await agent
      .post(esci.headers.location)
      .type('form')
      .send({ _csrf: csrfTokenFrom(landing.text) });
    expect(logout.status).toBe(302);
    expect(logout.headers.location).toMatch(/\/_dev-idp\/slo\?SAMLRequest=/);
    const atIdp = await agent.get(pathOf(logout.headers.location));
    expect(atIdp.status).toBe(302);
    expect(atIdp.headers.location).toMatch(/\/dimostrativo\/saml\/slo\?SAMLResponse=/);
    const back = await agent.get(pathOf(atIdp.headers.location));
    expect(back.status).toBe(302);
    expect(back.headers.location).toBe('/dimostrativo/');
    expect((await agent.get('/dimostrativo/')).text).not.toContain('data-qa="logged-user"');
  });
});
