import { createVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { devIdpEntityId } from '../../../src/auth/dev-idp/descriptor.ts';
import { cieEntityId, spidEntityId, spCredentialsFor } from '../../../src/auth/saml/service-provider.ts';
import { NAMEID_FORMAT, NS } from '../../../src/auth/saml/xml.ts';
import type { SigningCredentials } from '../../../src/auth/saml/xml-signature.ts';
import type { Tenant } from '../../../src/generated/prisma/client.ts';
import { aGuardian, aLocalAccount, aTenant } from '../../helpers/builders.ts';
import { agentFor } from '../../helpers/http.ts';
import { loginThroughDevIdp } from '../../helpers/login.ts';
import { answer, goodAnswer, makeCredentials, startLogin, writeIdpMetadata } from '../../helpers/saml-idp.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { XMLSerializer, type Element as XmlElement } from '@xmldom/xmldom';

const child = (parent: XmlElement, ns: string, name: string) =>
  Array.from(parent.childNodes).filter(
    (node): node is XmlElement =>
      node.nodeType === 1 && (node as XmlElement).namespaceURI === ns && (node as XmlElement).localName === name,
  );

/** Every attribute and element SPID.md asks of an AuthnRequest. */
function expectSpidAuthnRequest(
  request: XmlElement,
  expected: { destination: string; entityId: string; level: number; forceAuthn: boolean; issueInstant: string },
) {
  expect(request.namespaceURI).toBe(NS.protocol);
  expect(request.localName).toBe('AuthnRequest');
  expect(request.getAttribute('ID')).toMatch(/^_[0-9a-f]{20,}$/);
  expect(request.getAttribute('Version')).toBe('2.0');
  expect(request.getAttribute('IssueInstant')).toBe(expected.issueInstant);
  expect(request.getAttribute('Destination')).toBe(expected.destination);
  expect(request.getAttribute('ForceAuthn')).toBe(expected.forceAuthn ? 'true' : null);
  expect(request.hasAttribute('IsPassive')).toBe(false);
  expect(request.getAttribute('AssertionConsumerServiceIndex')).toBe('0');
  expect(request.hasAttribute('AssertionConsumerServiceURL')).toBe(false);
  expect(request.hasAttribute('ProtocolBinding')).toBe(false);
  expect(request.getAttribute('AttributeConsumingServiceIndex')).toBe('0');
  const [issuer] = child(request, NS.assertion, 'Issuer');
  expect(issuer.getAttribute('Format')).toBe(NAMEID_FORMAT.entity);
  expect(issuer.getAttribute('NameQualifier')).toBe(expected.entityId);
  expect(issuer.textContent).toBe(expected.entityId);
  const [policy] = child(request, NS.protocol, 'NameIDPolicy');
  expect(policy.getAttribute('Format')).toBe(NAMEID_FORMAT.transient);
  expect(policy.hasAttribute('AllowCreate')).toBe(false);
  const [context] = child(request, NS.protocol, 'RequestedAuthnContext');
  expect(context.getAttribute('Comparison')).toBe('minimum');
  const classes = child(context, NS.assertion, 'AuthnContextClassRef').map((node) => node.textContent);
  expect(classes).toEqual([`https://www.spid.gov.it/SpidL${expected.level}`]);
}

function expectOpaqueRelayState(relayState: string) {
  expect(relayState).toMatch(/^[A-Za-z0-9_-]{20,}$/);
}

let ctx: TestContext;
let tenant: Tenant;
beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await aTenant(ctx.prisma);
});
afterAll(() => ctx.close());

describe('AuthnRequest over HTTP-Redirect', () => {
  it('is deflated, signed over the query with RSA-SHA256, and carries every attribute SPID asks', async () => {
    const login = await startLogin(agentFor(ctx.app), tenant.slug);
    const base = ctx.config.baseUrl;
    expectSpidAuthnRequest(login.request, {
      destination: `${devIdpEntityId(base)}/sso`,
      entityId: spidEntityId(base, tenant.slug),
      level: 2,
      forceAuthn: true,
      issueInstant: ctx.clock.now().toISOString(),
    });
    expectOpaqueRelayState(login.relayState);
    const raw = login.location!.search.slice(1).split('&');
    const param = (name: string) => raw.find((part) => part.startsWith(`${name}=`))!;
    expect(decodeURIComponent(param('SigAlg').split('=')[1])).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const signed = [param('SAMLRequest'), param('RelayState'), param('SigAlg')].join('&');
    const signature = decodeURIComponent(param('Signature').split('=')[1]);
    expect(createVerify('RSA-SHA256').update(signed).verify(spCredentialsFor(tenant, ctx.config).certificatePem, signature, 'base64')).toBe(
      true,
    );
    const stored = await ctx.prisma.samlRequest.findUnique({
      where: { tenantId_requestId: { tenantId: tenant.id, requestId: login.requestId } },
    });
    expect(JSON.parse(stored!.value)).toMatchObject({ kind: 'AUTHN', federation: 'SPID', level: 2, relayState: login.relayState });
  });

  it('asks for SpidL1 without ForceAuthn, and for SpidL3 with it, as the Comune is configured', async () => {
    const l1 = await aTenant(ctx.prisma, { spidLevel: 1 });
    const l3 = await aTenant(ctx.prisma, { spidLevel: 3 });
    const base = ctx.config.baseUrl;
    const common = { destination: `${devIdpEntityId(base)}/sso`, issueInstant: ctx.clock.now().toISOString() };
    expectSpidAuthnRequest((await startLogin(agentFor(ctx.app), l1.slug)).request, {
      ...common,
      entityId: spidEntityId(base, l1.slug),
      level: 1,
      forceAuthn: false,
    });
    expectSpidAuthnRequest((await startLogin(agentFor(ctx.app), l3.slug)).request, {
      ...common,
      entityId: spidEntityId(base, l3.slug),
      level: 3,
      forceAuthn: true,
    });
  });

  it('for CIE: its own entityID, and ForceAuthn even at level 1', async () => {
    const l1 = await aTenant(ctx.prisma, { spidLevel: 1 });
    const base = ctx.config.baseUrl;
    const login = await startLogin(agentFor(ctx.app), l1.slug, { federation: 'CIE' });
    expectSpidAuthnRequest(login.request, {
      destination: `${devIdpEntityId(base)}/sso`,
      entityId: cieEntityId(base, l1.slug),
      level: 1,
      forceAuthn: true,
      issueInstant: ctx.clock.now().toISOString(),
    });
  });

  it('keeps where the person was going on our side, and brings them back there after login', async () => {
    const guardian = await aGuardian(ctx.prisma, tenant.id);
    const account = await aLocalAccount(ctx.prisma, tenant.id, { fiscalCode: guardian.fiscalCode, role: 'CLERK' });
    expect(account.role).toBe('CLERK');
    const agent = agentFor(ctx.app);
    const guarded = await agent.get(`/${tenant.slug}/admin/?vista=riepilogo`);
    expect(guarded.headers.location).toBe(`/${tenant.slug}/accedi`);
    const acs = await loginThroughDevIdp(agent, tenant.slug, { fiscalCode: guardian.fiscalCode });
    expect(acs.headers.location).toBe(`/${tenant.slug}/admin/?vista=riepilogo`);
  });

  it('ignores the stored destination when the RelayState that comes back is not ours', async () => {
    const guardian = await aGuardian(ctx.prisma, tenant.id);
    const agent = agentFor(ctx.app);
    await agent.get(`/${tenant.slug}/admin/`);
    const login = await startLogin(agent, tenant.slug);
    const person = { fiscalCode: guardian.fiscalCode, firstName: 'A', lastName: 'B', email: 'a@b.it', dateOfBirth: '1980-01-01' };
    const response = await answer(
      agent,
      tenant.slug,
      { ...login, relayState: 'forged-relay-state-0000000' },
      goodAnswer(ctx, tenant.slug, login, person),
    );
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/${tenant.slug}/home`);
  });
});

describe('AuthnRequest over HTTP-POST, to identity providers read from metadata', () => {
  let postCtx: TestContext;
  let postTenant: Tenant;
  let postIdp: SigningCredentials;
  let dir: string;
  const POST_IDP = 'https://idp-post.test.example/metadata';
  const POST_SSO = 'https://idp-post.test.example/sso';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'idp-metadata-'));
    postIdp = makeCredentials('idp-post.test.example');
    const other = makeCredentials('idp-other.test.example');
    const metadata = writeIdpMetadata(dir, [
      { entityId: POST_IDP, name: 'Gestore Solo POST', credentials: postIdp, ssoPost: POST_SSO, slo: 'https://idp-post.test.example/slo' },
      { entityId: 'https://idp-a.test.example', name: 'Gestore A', credentials: other, ssoRedirect: 'https://idp-a.test.example/sso' },
      { entityId: 'https://idp-b.test.example', name: 'Gestore B', credentials: other, ssoRedirect: 'https://idp-b.test.example/sso' },
    ]);
    postCtx = await createTestContext({ env: { SPID_IDP_METADATA: metadata } });
    postTenant = await aTenant(postCtx.prisma);
  });
  afterAll(async () => {
    await postCtx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is an auto-posting form (script from /static, CSP allows the IdP) with an enveloped signature verified by our certificate', async () => {
    const agent = agentFor(postCtx.app);
    const login = await startLogin(agent, postTenant.slug, { idpEntityId: POST_IDP });
    expect(login.page.status).toBe(200);
    expect(login.page.text).toContain(`action="${POST_SSO}"`);
    expect(login.page.text).toContain('<script src="/static/js/auto-submit.js"></script>');
    expect(login.page.headers['content-security-policy']).toMatch(/form-action 'self'[^;]*https:\/\/idp-post\.test\.example/);
    expectOpaqueRelayState(login.relayState);
    const base = postCtx.config.baseUrl;
    expectSpidAuthnRequest(login.request, {
      destination: POST_SSO,
      entityId: spidEntityId(base, postTenant.slug),
      level: 2,
      forceAuthn: true,
      issueInstant: postCtx.clock.now().toISOString(),
    });
    const issuer = child(login.request, NS.assertion, 'Issuer')[0];
    const signature = issuer.nextSibling as XmlElement;
    expect(signature.namespaceURI).toBe(NS.dsig);
    expect(signature.localName).toBe('Signature');
    const verifier = new SignedXml({ publicCert: spCredentialsFor(postTenant, postCtx.config).certificatePem });
    verifier.loadSignature(signature as unknown as Node);
    expect(verifier.checkSignature(new XMLSerializer().serializeToString(login.request))).toBe(true);
  });

  it('and a response signed by that identity provider logs in', async () => {
    const guardian = await aGuardian(postCtx.prisma, postTenant.id);
    const agent = agentFor(postCtx.app);
    const login = await startLogin(agent, postTenant.slug, { idpEntityId: POST_IDP });
    const person = { fiscalCode: guardian.fiscalCode, firstName: 'A', lastName: 'B', email: 'a@b.it', dateOfBirth: '1980-01-01' };
    const spec = goodAnswer(postCtx, postTenant.slug, login, person, { idpEntityId: POST_IDP });
    expect((await answer(agent, postTenant.slug, login, spec, { credentials: postIdp })).status).toBe(302);
    const wrongKey = await startLogin(agent, postTenant.slug, { idpEntityId: POST_IDP });
    const forged = goodAnswer(postCtx, postTenant.slug, wrongKey, person, { idpEntityId: POST_IDP });
    expect((await answer(agent, postTenant.slug, wrongKey, forged)).status).toBe(403);
  });

  it('lists every identity provider by its official name, in a different random order across page views', async () => {
    const orders = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const page = await agentFor(postCtx.app).get(`/${postTenant.slug}/accedi`);
      const names = [...page.text.matchAll(/data-qa="spid-idp">([^<]+)</g)].map((match) => match[1]);
      expect([...names].sort()).toEqual(['Gestore A', 'Gestore B', 'Gestore Solo POST', 'Identity provider di test']);
      orders.add(names.join('|'));
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe('the login page', () => {
  it('has the SPID button (accessible toggle, script from /static, no inline script) and the CIE button', async () => {
    const page = await agentFor(ctx.app).get(`/${tenant.slug}/accedi`);
    expect(page.text).toMatch(/<button type="button"[^>]*aria-haspopup="true"[^>]*aria-controls="spid-idp-list"[^>]*data-qa="spid-button"/);
    expect(page.text).toContain('<script src="/static/js/spid-button.js" defer></script>');
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.text).toMatch(/href="\/[a-z0-9-]+\/saml\/cie" data-qa="cie-button"/);
  });
});
