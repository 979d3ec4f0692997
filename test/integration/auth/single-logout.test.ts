import { createVerify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devIdpCredentials, devIdpEntityId } from '../../../src/auth/dev-idp/descriptor.ts';
import { buildLogoutRequestXml, buildLogoutResponseXml } from '../../../src/auth/dev-idp/logout-messages.ts';
import { redirectBindingUrl } from '../../../src/auth/dev-idp/redirect-binding.ts';
import { samlId } from '../../../src/auth/dev-idp/saml-response.ts';
import { spCredentialsFor, spidEntityId } from '../../../src/auth/saml/service-provider.ts';
import { signElementById } from '../../../src/auth/saml/xml-signature.ts';
import { NAMEID_FORMAT, NS } from '../../../src/auth/saml/xml.ts';
import type { Tenant } from '../../../src/generated/prisma/client.ts';
import { aGuardian, aTenant } from '../../helpers/builders.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginThroughDevIdp, pathOf } from '../../helpers/login.ts';
import { lastAudit, makeCredentials, parseXml, sessionAuthSetBy } from '../../helpers/saml-idp.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let tenant: Tenant;
let fiscalCode: string;
beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await aTenant(ctx.prisma);
  fiscalCode = (await aGuardian(ctx.prisma, tenant.id)).fiscalCode;
});
afterAll(() => ctx.close());

interface SamlSession {
  nameId: string;
  nameQualifier: string;
  sessionIndex: string;
}

async function loggedIn(): Promise<{ agent: Agent; saml: SamlSession }> {
  const agent = agentFor(ctx.app);
  const acs = await loginThroughDevIdp(agent, tenant.slug, { fiscalCode });
  expect(acs.status).toBe(302);
  const auth = await sessionAuthSetBy(ctx, acs);
  return { agent, saml: auth!.saml as SamlSession };
}

const isLoggedIn = async (agent: Agent) => (await agent.get(`/${tenant.slug}/`)).text.includes('data-qa="logged-user"');

/** The "Esci" button: POST /esci (CSRF token from the page) → 307 → POST /saml/logout. */
async function pressLogout(agent: Agent) {
  const page = await agent.get(`/${tenant.slug}/`);
  const token = csrfTokenFrom(page.text);
  const esci = await agent.post(`/${tenant.slug}/esci`).type('form').send({ _csrf: token });
  expect(esci.status).toBe(307);
  return agent.post(esci.headers.location).type('form').send({ _csrf: token });
}

function redirectQuery(location: string) {
  const url = new URL(location);
  const raw = url.search.slice(1).split('&');
  const param = (name: string) => raw.find((part) => part.startsWith(`${name}=`))!;
  return { url, raw: param, xml: (kind: string) => inflateRawSync(Buffer.from(url.searchParams.get(kind)!, 'base64')).toString('utf8') };
}

function expectSignedByUs(location: string, kind: 'SAMLRequest' | 'SAMLResponse') {
  const query = redirectQuery(location);
  const signed = [query.raw(kind), query.raw('RelayState'), query.raw('SigAlg')].filter(Boolean).join('&');
  const signature = decodeURIComponent(query.raw('Signature').split('=')[1]);
  expect(createVerify('RSA-SHA256').update(signed).verify(spCredentialsFor(tenant, ctx.config).certificatePem, signature, 'base64')).toBe(
    true,
  );
}

const child = (parent: ReturnType<typeof parseXml>, ns: string, name: string) => parent.getElementsByTagNameNS(ns, name)[0];

describe('logout started by us ("Esci")', () => {
  it('ends the session at once and sends the identity provider a signed LogoutRequest in SPID form', async () => {
    const { agent, saml } = await loggedIn();
    const logout = await pressLogout(agent);
    expect(logout.status).toBe(302);
    expect(await isLoggedIn(agent)).toBe(false);
    expect((await lastAudit(ctx, tenant.id, 'LOGOUT'))?.details).toMatchObject({ method: 'SPID', initiatedBy: 'USER' });

    const base = ctx.config.baseUrl;
    expect(logout.headers.location.startsWith(`${devIdpEntityId(base)}/slo?`)).toBe(true);
    expectSignedByUs(logout.headers.location, 'SAMLRequest');
    const request = parseXml(redirectQuery(logout.headers.location).xml('SAMLRequest'));
    expect(request.localName).toBe('LogoutRequest');
    expect(request.getAttribute('Version')).toBe('2.0');
    expect(request.getAttribute('IssueInstant')).toBe(ctx.clock.now().toISOString());
    expect(request.getAttribute('Destination')).toBe(`${devIdpEntityId(base)}/slo`);
    const issuer = child(request, NS.assertion, 'Issuer');
    expect(issuer.getAttribute('Format')).toBe(NAMEID_FORMAT.entity);
    expect(issuer.getAttribute('NameQualifier')).toBe(spidEntityId(base, tenant.slug));
    expect(issuer.textContent).toBe(spidEntityId(base, tenant.slug));
    const nameId = child(request, NS.assertion, 'NameID');
    expect(nameId.getAttribute('Format')).toBe(NAMEID_FORMAT.transient);
    expect(nameId.getAttribute('NameQualifier')).toBe(saml.nameQualifier);
    expect(nameId.textContent).toBe(saml.nameId);
    expect(child(request, NS.protocol, 'SessionIndex').textContent).toBe(saml.sessionIndex);

    const atIdp = await agent.get(pathOf(logout.headers.location));
    const back = await agent.get(pathOf(atIdp.headers.location));
    expect(back.status).toBe(302);
    expect(back.headers.location).toBe(`/${tenant.slug}/`);
  });

  it("an unsigned LogoutResponse is not taken as the identity provider's word", async () => {
    const { agent } = await loggedIn();
    const logout = await pressLogout(agent);
    const request = parseXml(redirectQuery(logout.headers.location).xml('SAMLRequest'));
    const base = ctx.config.baseUrl;
    const response = buildLogoutResponseXml({
      id: samlId(),
      inResponseTo: request.getAttribute('ID')!,
      destination: `${base}/${tenant.slug}/saml/slo`,
      idpEntityId: devIdpEntityId(base),
      now: ctx.clock.now(),
    });
    const signedUrl = redirectBindingUrl(
      `${base}/${tenant.slug}/saml/slo`,
      { kind: 'SAMLResponse', xml: response },
      devIdpCredentials().privateKeyPem,
    );
    const unsigned = pathOf(signedUrl).replace(/&SigAlg=[^&]+&Signature=[^&]+$/, '');
    const refused = await agent.get(unsigned);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('non ha confermato l’uscita');
    expect(await isLoggedIn(agent)).toBe(false);
  });
});

describe('logout started by the identity provider', () => {
  function idpLogoutRequest(saml: SamlSession, options: { destination?: string; key?: string; signed?: boolean } = {}) {
    const base = ctx.config.baseUrl;
    const id = samlId();
    const xml = buildLogoutRequestXml({
      id,
      destination: options.destination ?? `${base}/${tenant.slug}/saml/slo`,
      idpEntityId: devIdpEntityId(base),
      nameId: saml.nameId,
      nameQualifier: saml.nameQualifier,
      sessionIndex: saml.sessionIndex,
      now: ctx.clock.now(),
    });
    const url = pathOf(
      redirectBindingUrl(
        `${base}/${tenant.slug}/saml/slo`,
        { kind: 'SAMLRequest', xml, relayState: 'idp-state' },
        options.key ?? devIdpCredentials().privateKeyPem,
      ),
    );
    return { id, path: options.signed === false ? url.replace(/&SigAlg=[^&]+&Signature=[^&]+$/, '') : url };
  }

  it('ends the session it names, wherever it is, and answers with a signed LogoutResponse in SPID form', async () => {
    const { agent, saml } = await loggedIn();
    const { id, path } = idpLogoutRequest(saml);
    const answer = await agentFor(ctx.app).get(path);
    expect(answer.status).toBe(302);
    expect(await isLoggedIn(agent)).toBe(false);
    expect((await lastAudit(ctx, tenant.id, 'LOGOUT'))?.details).toMatchObject({ initiatedBy: 'IDP', sessions: 1 });

    const base = ctx.config.baseUrl;
    expect(answer.headers.location.startsWith(`${devIdpEntityId(base)}/slo?`)).toBe(true);
    expectSignedByUs(answer.headers.location, 'SAMLResponse');
    expect(redirectQuery(answer.headers.location).url.searchParams.get('RelayState')).toBe('idp-state');
    const response = parseXml(redirectQuery(answer.headers.location).xml('SAMLResponse'));
    expect(response.localName).toBe('LogoutResponse');
    expect(response.getAttribute('InResponseTo')).toBe(id);
    expect(response.getAttribute('Destination')).toBe(`${devIdpEntityId(base)}/slo`);
    expect(response.getAttribute('Version')).toBe('2.0');
    const issuer = child(response, NS.assertion, 'Issuer');
    expect(issuer.getAttribute('Format')).toBe(NAMEID_FORMAT.entity);
    expect(issuer.textContent).toBe(spidEntityId(base, tenant.slug));
    expect(child(response, NS.protocol, 'StatusCode').getAttribute('Value')).toBe('urn:oasis:names:tc:SAML:2.0:status:Success');
  });

  it('refuses an unsigned LogoutRequest, and the session stays', async () => {
    const { agent, saml } = await loggedIn();
    expect((await agentFor(ctx.app).get(idpLogoutRequest(saml, { signed: false }).path)).status).toBe(400);
    expect(await isLoggedIn(agent)).toBe(true);
  });

  it('refuses a LogoutRequest signed by another key, and the session stays', async () => {
    const { agent, saml } = await loggedIn();
    const attacker = makeCredentials('attacker.example');
    expect((await agentFor(ctx.app).get(idpLogoutRequest(saml, { key: attacker.privateKeyPem }).path)).status).toBe(400);
    expect(await isLoggedIn(agent)).toBe(true);
  });

  it('refuses a LogoutRequest meant for another endpoint', async () => {
    const { agent, saml } = await loggedIn();
    const path = idpLogoutRequest(saml, { destination: 'https://other-sp.example/slo' }).path;
    expect((await agentFor(ctx.app).get(path)).status).toBe(400);
    expect(await isLoggedIn(agent)).toBe(true);
  });

  it('also over HTTP-POST, with an enveloped signature', async () => {
    const { agent, saml } = await loggedIn();
    const base = ctx.config.baseUrl;
    const id = samlId();
    const xml = buildLogoutRequestXml({
      id,
      destination: `${base}/${tenant.slug}/saml/slo`,
      idpEntityId: devIdpEntityId(base),
      nameId: saml.nameId,
      nameQualifier: saml.nameQualifier,
      sessionIndex: saml.sessionIndex,
      now: ctx.clock.now(),
    });
    const signed = signElementById(xml, id, devIdpCredentials(), 'afterIssuer');
    const post = (body: string) =>
      agentFor(ctx.app)
        .post(`/${tenant.slug}/saml/slo`)
        .type('form')
        .send({ SAMLRequest: Buffer.from(body).toString('base64') });
    expect((await post(xml)).status).toBe(400);
    expect(await isLoggedIn(agent)).toBe(true);
    const answer = await post(signed);
    expect(answer.status).toBe(302);
    expect(parseXml(redirectQuery(answer.headers.location).xml('SAMLResponse')).getAttribute('InResponseTo')).toBe(id);
    expect(await isLoggedIn(agent)).toBe(false);
  });
});
