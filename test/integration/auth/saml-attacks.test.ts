import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginFailureReason } from '../../../src/auth/saml/login-errors.ts';
import type { SigningCredentials } from '../../../src/auth/saml/xml-signature.ts';
import type { Tenant } from '../../../src/generated/prisma/client.ts';
import { aFiscalCode, aGuardian, aTenant } from '../../helpers/builders.ts';
import { agentFor } from '../../helpers/http.ts';
import {
  answer,
  goodAnswer,
  lastAudit,
  makeCredentials,
  postToAcs,
  sessionAuthSetBy,
  signedXml,
  startLogin,
  type SigningOptions,
} from '../../helpers/saml-idp.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import type { ResponseSpec } from '../../../src/auth/dev-idp/saml-response.ts';

// The attack cases at the end of SPID.md, each answered by a signing test identity provider (xml-crypto):
// every one is refused with the right reason and leaves no session.

let ctx: TestContext;
let tenant: Tenant;
let attacker: SigningCredentials;
let victim: { fiscalCode: string; firstName: string; lastName: string; email: string; dateOfBirth: string };

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await aTenant(ctx.prisma);
  const guardian = await aGuardian(ctx.prisma, tenant.id);
  victim = {
    fiscalCode: guardian.fiscalCode,
    firstName: guardian.firstName,
    lastName: guardian.lastName,
    email: 'v@example.it',
    dateOfBirth: '1980-01-01',
  };
  attacker = makeCredentials('attacker.example');
});
afterAll(() => ctx.close());

async function attempt(change: (spec: ResponseSpec) => SigningOptions | void = () => undefined) {
  const agent = agentFor(ctx.app);
  const login = await startLogin(agent, tenant.slug);
  const spec = goodAnswer(ctx, tenant.slug, login, victim);
  const response = await answer(agent, tenant.slug, login, spec, change(spec) ?? {});
  return { agent, login, spec, response };
}

async function expectRefused(change: (spec: ResponseSpec) => SigningOptions | void, reason: LoginFailureReason) {
  const { agent, response } = await attempt(change);
  expect(response.status, response.text.slice(0, 200)).toBe(403);
  expect(await sessionAuthSetBy(ctx, response)).toBeNull();
  expect((await agent.get(`/${tenant.slug}/`)).text).not.toContain('data-qa="logged-user"');
  expect((await lastAudit(ctx, tenant.id, 'LOGIN_FAILED'))?.details).toMatchObject({ reason });
}

/** The signed assertion element, as text. */
const assertionIn = (xml: string) => /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
const forgedAssertion = (signedAssertion: string, id: string) =>
  signedAssertion
    .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
    .replace(/ID="[^"]+"/, `ID="${id}"`)
    .replace(/TINIT-[A-Z0-9]{16}/, `TINIT-${aFiscalCode()}`);

describe('SPID.md attack cases', () => {
  it('unsigned assertion inside a signed Response', () =>
    expectRefused(() => ({ sign: { assertion: false, response: true } }), 'SIGNATURE'));

  it("a signed Response whose own signature no longer holds (changed after signing), though its assertion's does", () =>
    expectRefused(
      () => ({
        after: (xml) => xml.replace('<samlp:Response ', '<samlp:Response Consent="urn:oasis:names:tc:SAML:2.0:consent:unspecified" '),
      }),
      'SIGNATURE',
    ));

  it('nothing signed at all', () => expectRefused(() => ({ sign: { assertion: false, response: false } }), 'SIGNATURE'));

  it('a value changed after signing (the fiscal number swapped)', () =>
    expectRefused((spec) => ({ after: (xml) => xml.replace(spec.attributes.fiscalNumber, `TINIT-${aFiscalCode()}`) }), 'SIGNATURE'));

  it('re-signed with an attacker key, whose certificate rides in KeyInfo', () =>
    expectRefused(() => ({ credentials: attacker }), 'SIGNATURE'));

  it('signature wrapping: a forged assertion placed before the signed one (Response unsigned, so only the count stops it)', () =>
    expectRefused(
      () => ({
        sign: { assertion: true, response: false },
        after: (xml) => xml.replace('<saml:Assertion', `${forgedAssertion(assertionIn(xml), '_forged1')}<saml:Assertion`),
      }),
      'ASSERTION_COUNT',
    ));

  it('signature wrapping: a forged assertion placed before the signed one, inside a signed Response', () =>
    expectRefused(
      () => ({ after: (xml) => xml.replace('<saml:Assertion', `${forgedAssertion(assertionIn(xml), '_forged1')}<saml:Assertion`) }),
      'SIGNATURE',
    ));

  it('signature wrapping: the signed assertion moved into Extensions, a forged one in its place', () =>
    expectRefused(
      () => ({
        after: (xml) => {
          const signed = assertionIn(xml);
          return xml.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${forgedAssertion(signed, '_forged2')}`);
        },
      }),
      'SIGNATURE',
    ));

  it('signature wrapping: a forged assertion with the same ID, the signed one hidden inside it', () =>
    expectRefused(
      (spec) => ({
        after: (xml) => {
          const signed = assertionIn(xml);
          const forged = forgedAssertion(signed, spec.assertionId).replace(
            '</saml:Assertion>',
            `<saml:Advice>${signed}</saml:Advice></saml:Assertion>`,
          );
          return xml.replace(signed, forged);
        },
      }),
      'SIGNATURE',
    ));

  it('wrong audience', () => expectRefused((spec) => void (spec.audience = 'https://another-sp.example/saml/metadata'), 'AUDIENCE'));
  it('expired conditions', () => expectRefused((spec) => void (spec.notOnOrAfter = new Date(ctx.clock.now().getTime() - 1000)), 'EXPIRED'));
  it('expired subject confirmation', () =>
    expectRefused((spec) => void (spec.confirmationNotOnOrAfter = new Date(ctx.clock.now().getTime() - 1000)), 'EXPIRED'));
  it('unknown InResponseTo', () =>
    expectRefused((spec) => void (spec.inResponseTo = spec.subjectInResponseTo = '_not0our0request'), 'UNKNOWN_REQUEST'));
  it('wrong Recipient', () =>
    expectRefused((spec) => void (spec.recipient = `${ctx.config.baseUrl}/another-comune/saml/acs`), 'RECIPIENT'));
  it('wrong Destination', () =>
    expectRefused((spec) => void (spec.destination = `${ctx.config.baseUrl}/another-comune/saml/acs`), 'DESTINATION'));
  it('L1 assertion for an L2 request', () =>
    expectRefused((spec) => void (spec.authnContextClassRef = 'https://www.spid.gov.it/SpidL1'), 'LEVEL_TOO_LOW'));

  it('DOCTYPE with an internal entity', () =>
    expectRefused(() => ({ after: (xml) => `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>${xml}` }), 'DOCTYPE'));

  it('DOCTYPE with an external entity inside the fiscal number', () =>
    expectRefused(
      (spec) => ({
        after: (xml) => `<!DOCTYPE r [<!ENTITY cf SYSTEM "file:///etc/passwd">]>${xml.replace(spec.attributes.fiscalNumber, 'TINIT-&cf;')}`,
      }),
      'DOCTYPE',
    ));

  describe('replay', () => {
    it('the same response posted again is refused, and opened one session only', async () => {
      const { agent, login, spec, response } = await attempt();
      expect(response.status).toBe(302);
      const again = await postToAcs(agentFor(ctx.app), tenant.slug, signedXml(spec), login.relayState);
      expect(again.status).toBe(403);
      expect(await sessionAuthSetBy(ctx, again)).toBeNull();
      expect((await lastAudit(ctx, tenant.id, 'LOGIN_FAILED'))?.details).toMatchObject({ reason: 'UNKNOWN_REQUEST' });
      expect((await agent.get(`/${tenant.slug}/`)).text).toContain('data-qa="logged-user"');
    });

    it('a response without InResponseTo in SubjectConfirmationData is refused, and cannot be replayed either', async () => {
      const { login, spec, response } = await attempt((s) => void (s.subjectInResponseTo = null));
      expect(response.status).toBe(403);
      // passport-saml alone would leave the request id usable here; ours was consumed on first sight.
      const again = await postToAcs(agentFor(ctx.app), tenant.slug, signedXml(spec), login.relayState);
      expect(again.status).toBe(403);
      expect((await lastAudit(ctx, tenant.id, 'LOGIN_FAILED'))?.details).toMatchObject({ reason: 'UNKNOWN_REQUEST' });
    });

    it('two simultaneous posts of one response open exactly one session', async () => {
      const agent = agentFor(ctx.app);
      const login = await startLogin(agent, tenant.slug);
      const xml = signedXml(goodAnswer(ctx, tenant.slug, login, victim));
      const results = await Promise.all([1, 2, 3].map(() => postToAcs(agentFor(ctx.app), tenant.slug, xml, login.relayState)));
      expect(results.map((r) => r.status).sort()).toEqual([302, 403, 403]);
    });

    it('the consumed assertion is remembered in PostgreSQL until it expires', async () => {
      const { spec, response } = await attempt();
      expect(response.status).toBe(302);
      const seen = await ctx.prisma.samlAssertionSeen.findUnique({
        where: { tenantId_assertionId: { tenantId: tenant.id, assertionId: spec.assertionId } },
      });
      expect(seen?.expiresAt.toISOString()).toBe(spec.notOnOrAfter.toISOString());
      expect(await ctx.prisma.samlRequest.count({ where: { tenantId: tenant.id, requestId: spec.inResponseTo! } })).toBe(0);
    });
  });

  describe('comment and processing instruction inside fiscalNumber', () => {
    const split = (cf: string, marker: string) => `TINIT-${cf.slice(0, 8)}${marker}${cf.slice(8)}`;

    it('a comment added after signing keeps the signature valid, and the whole true code is read', async () => {
      const { response } = await attempt(() => ({
        after: (xml) => xml.replace(`TINIT-${victim.fiscalCode}`, split(victim.fiscalCode, '<!---->')),
      }));
      expect(response.status).toBe(302);
      expect(await sessionAuthSetBy(ctx, response)).toMatchObject({ fiscalCode: victim.fiscalCode });
    });

    it("a comment cutting a signed longer value does not turn it into the victim's code", () =>
      expectRefused((spec) => {
        spec.attributes.fiscalNumber = `TINIT-${victim.fiscalCode}EVIL`;
        return { after: (xml) => xml.replace(`TINIT-${victim.fiscalCode}EVIL`, `TINIT-${victim.fiscalCode}<!---->EVIL`) };
      }, 'FISCAL_CODE'));

    it('a processing instruction swallowing the tail of the code keeps the signature valid; the verified XML still gives the whole code', async () => {
      // xml-crypto's canonical form renders an instruction's data as text, so this changes nothing that was signed.
      const { response } = await attempt(() => ({
        after: (xml) =>
          xml.replace(`TINIT-${victim.fiscalCode}`, `TINIT-${victim.fiscalCode.slice(0, 8)}<?x ${victim.fiscalCode.slice(8)}?>`),
      }));
      expect(response.status).toBe(302);
      expect(await sessionAuthSetBy(ctx, response)).toMatchObject({ fiscalCode: victim.fiscalCode });
    });

    it("a processing instruction hiding the signed tail of a longer value does not turn it into the victim's code", () =>
      expectRefused((spec) => {
        spec.attributes.fiscalNumber = `TINIT-${victim.fiscalCode}EVIL`;
        return { after: (xml) => xml.replace(`TINIT-${victim.fiscalCode}EVIL`, `TINIT-${victim.fiscalCode}<?x EVIL?>`) };
      }, 'FISCAL_CODE'));

    it('a processing instruction that adds text after signing breaks the signature', () =>
      expectRefused(
        () => ({ after: (xml) => xml.replace(`TINIT-${victim.fiscalCode}`, split(victim.fiscalCode, '<?evil x?>')) }),
        'SIGNATURE',
      ));
  });
});
