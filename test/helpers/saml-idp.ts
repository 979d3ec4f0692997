import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import type { Response } from 'supertest';
import { devIdpCredentials, devIdpEntityId } from '../../src/auth/dev-idp/descriptor.ts';
import {
  buildResponseXml,
  responseSpecFor,
  signResponseXml,
  type PersonAttributes,
  type ResponseSpec,
} from '../../src/auth/dev-idp/saml-response.ts';
import type { Federation } from '../../src/auth/saml/identity-providers.ts';
import type { SpidLevel } from '../../src/auth/saml/levels.ts';
import { cieEntityId, spidEntityId } from '../../src/auth/saml/service-provider.ts';
import { BINDING, NS, certificateBody, escapeXml } from '../../src/auth/saml/xml.ts';
import type { SigningCredentials } from '../../src/auth/saml/xml-signature.ts';
import type { Agent } from './http.ts';
import { pathOf } from './login.ts';
import type { TestContext } from './test-app.ts';

// A signing identity provider for tests, on the same response builder and signer (xml-crypto) as the local
// identity provider: tests start a real login, then answer it with responses they shape, sign and tamper with.

/** A fresh RSA key and self-signed certificate (an attacker's, or another identity provider's). */
export function makeCredentials(commonName: string): SigningCredentials {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saml-test-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-sha256',
        '-nodes',
        '-days',
        '30',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      privateKeyPem: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      certificatePem: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function parseXml(xml: string): XmlElement {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
}

export interface StartedLogin {
  /** The AuthnRequest as sent (inflated for the Redirect binding). */
  request: XmlElement;
  requestId: string;
  relayState: string;
  /** The raw query of the redirect (Redirect binding) or the auto-post page's fields (POST binding). */
  location: URL | null;
  page: Response;
}

/** Clicks "Entra con SPID" (this identity provider) or "Entra con CIE" and captures the AuthnRequest. */
export async function startLogin(
  agent: Agent,
  tenantSlug: string,
  options: { federation?: Federation; idpEntityId?: string; baseUrl?: string } = {},
): Promise<StartedLogin> {
  const target =
    options.federation === 'CIE'
      ? `/${tenantSlug}/saml/cie`
      : `/${tenantSlug}/saml/spid?idp=${encodeURIComponent(options.idpEntityId ?? devIdpEntityId(options.baseUrl ?? 'http://localhost:3000'))}`;
  const page = await agent.get(target);
  if (page.status === 302) {
    const location = new URL(page.headers.location);
    const xml = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const request = parseXml(xml);
    return { request, requestId: request.getAttribute('ID')!, relayState: location.searchParams.get('RelayState') ?? '', location, page };
  }
  if (page.status !== 200) throw new Error(`Login start answered ${page.status}`);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
  const request = parseXml(Buffer.from(field('SAMLRequest'), 'base64').toString('utf8'));
  return { request, requestId: request.getAttribute('ID')!, relayState: field('RelayState'), location: null, page };
}

/** What a well-behaved identity provider would answer to this login; tests then change one thing. */
export function goodAnswer(
  ctx: TestContext,
  tenantSlug: string,
  login: StartedLogin,
  person: PersonAttributes,
  options: { federation?: Federation; level?: SpidLevel; idpEntityId?: string } = {},
): ResponseSpec {
  const federation = options.federation ?? 'SPID';
  const baseUrl = ctx.config.baseUrl;
  return responseSpecFor({
    federation,
    idpEntityId: options.idpEntityId ?? devIdpEntityId(baseUrl),
    requestId: login.requestId,
    acsUrl: `${baseUrl}/${tenantSlug}/saml/acs`,
    spEntityId: federation === 'SPID' ? spidEntityId(baseUrl, tenantSlug) : cieEntityId(baseUrl, tenantSlug),
    level: options.level ?? 2,
    person,
    now: ctx.clock.now(),
  });
}

export interface SigningOptions {
  credentials?: SigningCredentials;
  sign?: { assertion: boolean; response: boolean };
  /** Changes the XML before it is signed (the identity provider really said this). */
  before?: (xml: string) => string;
  /** Changes the XML after it was signed (an attacker in the middle). */
  after?: (xml: string) => string;
}

export function signedXml(spec: ResponseSpec, options: SigningOptions = {}): string {
  const unsigned = (options.before ?? ((xml) => xml))(buildResponseXml(spec));
  const signed = signResponseXml(unsigned, spec, options.credentials ?? devIdpCredentials(), options.sign);
  return (options.after ?? ((xml) => xml))(signed);
}

/** Posts a Response to our ACS, as the browser would after the identity provider's auto-post page. */
export function postToAcs(agent: Agent, tenantSlug: string, xml: string, relayState: string): Promise<Response> {
  return agent
    .post(`/${tenantSlug}/saml/acs`)
    .type('form')
    .send({ SAMLResponse: Buffer.from(xml).toString('base64'), RelayState: relayState });
}

export async function answer(
  agent: Agent,
  tenantSlug: string,
  login: StartedLogin,
  spec: ResponseSpec,
  options: SigningOptions = {},
): Promise<Response> {
  return postToAcs(agent, tenantSlug, signedXml(spec, options), login.relayState);
}

/** The SessionAuth our ACS stored, read back from the session table by the cookie it set. */
export async function sessionAuthSetBy(ctx: TestContext, response: Response): Promise<Record<string, unknown> | null> {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = cookies.find((value) => value.startsWith('ss.sid='));
  if (!cookie) return null;
  const sid = decodeURIComponent(cookie.slice('ss.sid='.length).split(';')[0]).replace(/^s:/, '').split('.')[0];
  const { rows } = await ctx.pool.query<{ sess: { auth?: Record<string, unknown> } }>('SELECT sess FROM "session" WHERE sid = $1', [sid]);
  return rows[0]?.sess.auth ?? null;
}

/** The newest audit event of this action in this Comune. */
export async function lastAudit(ctx: TestContext, tenantId: string, action: string) {
  return ctx.prisma.auditEvent.findFirst({ where: { tenantId, action }, orderBy: { at: 'desc' } });
}

/** Metadata of test identity providers, as AgID publishes them (an EntitiesDescriptor); returns the file path. */
export function writeIdpMetadata(
  dir: string,
  idps: { entityId: string; name: string; credentials: SigningCredentials; ssoRedirect?: string; ssoPost?: string; slo?: string }[],
): string {
  const entity = (idp: (typeof idps)[number]) =>
    `<md:EntityDescriptor entityID="${escapeXml(idp.entityId)}"><md:IDPSSODescriptor protocolSupportEnumeration="${NS.protocol}" WantAuthnRequestsSigned="true">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(idp.credentials.certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    (idp.slo ? `<md:SingleLogoutService Binding="${BINDING.redirect}" Location="${escapeXml(idp.slo)}"/>` : '') +
    (idp.ssoRedirect ? `<md:SingleSignOnService Binding="${BINDING.redirect}" Location="${escapeXml(idp.ssoRedirect)}"/>` : '') +
    (idp.ssoPost ? `<md:SingleSignOnService Binding="${BINDING.post}" Location="${escapeXml(idp.ssoPost)}"/>` : '') +
    `</md:IDPSSODescriptor><md:Organization><md:OrganizationName xml:lang="it">${escapeXml(idp.name)}</md:OrganizationName>` +
    `<md:OrganizationDisplayName xml:lang="it">${escapeXml(idp.name)}</md:OrganizationDisplayName><md:OrganizationURL xml:lang="it">https://example.org</md:OrganizationURL></md:Organization></md:EntityDescriptor>`;
  const xml = `<md:EntitiesDescriptor xmlns:md="${NS.metadata}" xmlns:ds="${NS.dsig}">${idps.map(entity).join('')}</md:EntitiesDescriptor>`;
  const file = path.join(dir, `idps-${Date.now()}-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  return file;
}

export { pathOf };
