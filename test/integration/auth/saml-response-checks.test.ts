import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseSpec } from '../../../src/auth/dev-idp/saml-response.ts';
import { SAML_ERROR_STATUS, AUTHN_FAILED_STATUS } from '../../../src/auth/dev-idp/saml-response.ts';
import type { LoginFailureReason } from '../../../src/auth/saml/login-errors.ts';
import { NAMEID_FORMAT } from '../../../src/auth/saml/xml.ts';
import type { Tenant } from '../../../src/generated/prisma/client.ts';
import { aFiscalCode, aGuardian, aTenant } from '../../helpers/builders.ts';
import { agentFor } from '../../helpers/http.ts';
import { answer, goodAnswer, lastAudit, sessionAuthSetBy, startLogin, type SigningOptions } from '../../helpers/saml-idp.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

// Every check SPID.md asks of a Response and its Assertion: each bad answer is refused with its reason,
// recorded in the audit log, and leaves no session.

let ctx: TestContext;
let tenant: Tenant;
let person: { fiscalCode: string; firstName: string; lastName: string; email: string; dateOfBirth: string };
const minutes = (n: number) => new Date(ctx.clock.now().getTime() + n * 60_000);

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await aTenant(ctx.prisma);
  const guardian = await aGuardian(ctx.prisma, tenant.id, { firstName: 'Laura', lastName: 'Bianchi' });
  person = {
    fiscalCode: guardian.fiscalCode,
    firstName: 'Laura',
    lastName: 'Bianchi',
    email: 'laura@example.it',
    dateOfBirth: '1980-01-01',
  };
});
afterAll(() => ctx.close());

async function expectRefused(change: (spec: ResponseSpec) => SigningOptions | void, reason: LoginFailureReason): Promise<void> {
  const agent = agentFor(ctx.app);
  const login = await startLogin(agent, tenant.slug);
  const spec = goodAnswer(ctx, tenant.slug, login, person);
  const response = await answer(agent, tenant.slug, login, spec, change(spec) ?? {});
  expect(response.status, response.text.slice(0, 200)).toBe(403);
  expect(response.text).toContain('Accesso non riuscito');
  expect(response.text).toContain(`href="/${tenant.slug}/accedi"`);
  expect(await sessionAuthSetBy(ctx, response)).toBeNull();
  expect((await agent.get(`/${tenant.slug}/`)).text).not.toContain('data-qa="logged-user"');
  const audit = await lastAudit(ctx, tenant.id, 'LOGIN_FAILED');
  expect(audit?.details).toMatchObject({ reason });
}

const replaceFirst = (from: string | RegExp, to: string) => (xml: string) => xml.replace(from, to);

describe('a well-formed answer', () => {
  it('logs the intestatario in, scoped to their family', async () => {
    const agent = agentFor(ctx.app);
    const login = await startLogin(agent, tenant.slug);
    const response = await answer(agent, tenant.slug, login, goodAnswer(ctx, tenant.slug, login, person));
    expect(response.status).toBe(302);
    const auth = await sessionAuthSetBy(ctx, response);
    expect(auth).toMatchObject({ tenantId: tenant.id, via: 'SPID', fiscalCode: person.fiscalCode, displayName: 'Laura Bianchi' });
  });

  it('accepts a higher level than requested (SpidL3 for SpidL2)', async () => {
    const agent = agentFor(ctx.app);
    const login = await startLogin(agent, tenant.slug);
    const response = await answer(agent, tenant.slug, login, goodAnswer(ctx, tenant.slug, login, person, { level: 3 }));
    expect(response.status).toBe(302);
  });

  it('accepts an assertion signed inside an unsigned Response (SPID makes the Response signature optional)', async () => {
    const agent = agentFor(ctx.app);
    const login = await startLogin(agent, tenant.slug);
    const spec = goodAnswer(ctx, tenant.slug, login, person);
    const response = await answer(agent, tenant.slug, login, spec, { sign: { assertion: true, response: false } });
    expect(response.status).toBe(302);
  });

  it('reads a lower-case tinit- fiscal number as the upper-case code', async () => {
    const agent = agentFor(ctx.app);
    const login = await startLogin(agent, tenant.slug);
    const spec = goodAnswer(ctx, tenant.slug, login, person);
    spec.attributes.fiscalNumber = `tinit-${person.fiscalCode.toLowerCase()}`;
    const response = await answer(agent, tenant.slug, login, spec);
    expect(response.status).toBe(302);
    expect(await sessionAuthSetBy(ctx, response)).toMatchObject({ fiscalCode: person.fiscalCode });
  });
});

describe('the Response is refused when', () => {
  it('its Version is not 2.0', () => expectRefused(() => ({ before: replaceFirst('Version="2.0"', 'Version="2.1"') }), 'VERSION'));
  it('its IssueInstant is in the future', () => expectRefused((spec) => void (spec.issueInstant = minutes(10)), 'ISSUE_INSTANT'));
  it('its IssueInstant is before our request', () => expectRefused((spec) => void (spec.issueInstant = minutes(-10)), 'ISSUE_INSTANT'));
  it('its IssueInstant is not UTC', () =>
    expectRefused(
      (spec) => ({ before: replaceFirst(`IssueInstant="${spec.issueInstant.toISOString()}"`, 'IssueInstant="2026-11-18T08:30:00+01:00"') }),
      'ISSUE_INSTANT',
    ));
  it('its Destination is not our ACS', () => expectRefused((spec) => void (spec.destination = 'https://evil.example/acs'), 'DESTINATION'));
  it('its InResponseTo names no request of ours', () =>
    expectRefused((spec) => void (spec.inResponseTo = '_unknown0123456789'), 'UNKNOWN_REQUEST'));
  it('it has no InResponseTo', () => expectRefused((spec) => void (spec.inResponseTo = null), 'UNKNOWN_REQUEST'));
  it('its Issuer is another entity', () =>
    expectRefused(() => ({ before: replaceFirst(/<saml:Issuer([^>]*)>[^<]+</, `<saml:Issuer$1>https://other-idp.example/<`) }), 'ISSUER'));
  it('its Issuer Format is not entity', () =>
    expectRefused((spec) => void (spec.responseIssuerFormat = NAMEID_FORMAT.transient), 'ISSUER'));
  it('it carries no assertion', () =>
    expectRefused(
      () => ({ before: replaceFirst(/<saml:Assertion[\s\S]*<\/saml:Assertion>/, ''), sign: { assertion: false, response: true } }),
      'ASSERTION_COUNT',
    ));
});

describe('the Assertion is refused when', () => {
  it('its Issuer has no Format (SPID wants entity)', () => expectRefused((spec) => void (spec.assertionIssuerFormat = null), 'ISSUER'));
  it('its Version is not 2.0', () =>
    expectRefused(() => ({ before: replaceFirst(/(<saml:Assertion[^>]*)Version="2.0"/, '$1Version="1.1"') }), 'VERSION'));
  it('its NameID is not transient', () =>
    expectRefused(
      () => ({ before: replaceFirst(NAMEID_FORMAT.transient, 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent') }),
      'NAME_ID',
    ));
  it('its NameID has no NameQualifier', () => expectRefused(() => ({ before: replaceFirst(/ NameQualifier="[^"]*"/, '') }), 'NAME_ID'));
  it('its SubjectConfirmation Method is not bearer', () =>
    expectRefused(() => ({ before: replaceFirst('cm:bearer', 'cm:holder-of-key') }), 'SUBJECT_CONFIRMATION'));
  it('its Recipient is not our ACS', () => expectRefused((spec) => void (spec.recipient = 'https://evil.example/acs'), 'RECIPIENT'));
  it('its SubjectConfirmationData answers another request', () =>
    expectRefused((spec) => void (spec.subjectInResponseTo = '_another0123456789'), 'IN_RESPONSE_TO'));
  it('its SubjectConfirmationData has no InResponseTo', () =>
    expectRefused((spec) => void (spec.subjectInResponseTo = null), 'IN_RESPONSE_TO'));
  it('its SubjectConfirmationData has expired', () =>
    expectRefused((spec) => void (spec.confirmationNotOnOrAfter = minutes(-1)), 'EXPIRED'));
  it('its Conditions have expired', () => expectRefused((spec) => void (spec.notOnOrAfter = minutes(-1)), 'EXPIRED'));
  it('its Conditions are not yet valid', () => expectRefused((spec) => void (spec.notBefore = minutes(10)), 'NOT_YET_VALID'));
  it('its Audience is not our entityID', () =>
    expectRefused((spec) => void (spec.audience = 'https://other-sp.example/metadata'), 'AUDIENCE'));
  it('its level is lower than requested (SpidL1 for SpidL2)', () =>
    expectRefused((spec) => void (spec.authnContextClassRef = 'https://www.spid.gov.it/SpidL1'), 'LEVEL_TOO_LOW'));
  it('its AuthnContextClassRef is not a SPID level', () =>
    expectRefused((spec) => void (spec.authnContextClassRef = 'urn:oasis:names:tc:SAML:2.0:ac:classes:Password'), 'AUTHN_CONTEXT'));
  it('an attribute is empty', () => expectRefused((spec) => void (spec.attributes.email = ''), 'ATTRIBUTES'));
  it('fiscalNumber is missing', () => expectRefused((spec) => void delete spec.attributes.fiscalNumber, 'ATTRIBUTES'));
  it('fiscalNumber lacks the TINIT- prefix', () =>
    expectRefused((spec) => void (spec.attributes.fiscalNumber = person.fiscalCode), 'FISCAL_CODE'));
  it('fiscalNumber is not a valid codice fiscale', () =>
    expectRefused(
      (spec) => void (spec.attributes.fiscalNumber = `TINIT-${person.fiscalCode.slice(0, 15)}${person.fiscalCode[15] === 'A' ? 'B' : 'A'}`),
      'FISCAL_CODE',
    ));
});

describe('error answers of the identity provider (ErrorCode nr19–nr25)', () => {
  const titles: Record<number, string> = {
    19: 'Troppi tentativi non riusciti',
    20: 'Livello di sicurezza non disponibile',
    21: 'Tempo scaduto',
    22: 'Consenso negato',
    23: 'Identità sospesa o revocata',
    24: 'Accesso non riuscito',
    25: 'Accesso annullato',
  };
  for (const [code, title] of Object.entries(titles)) {
    it(`nr${code} shows "${title}" with a way back to the login page, and no session`, async () => {
      const agent = agentFor(ctx.app);
      const login = await startLogin(agent, tenant.slug);
      const spec = goodAnswer(ctx, tenant.slug, login, person);
      spec.status = { code: SAML_ERROR_STATUS, subCode: AUTHN_FAILED_STATUS, message: `ErrorCode nr${code}` };
      spec.includeAssertion = false;
      const response = await answer(agent, tenant.slug, login, spec);
      expect(response.status).toBe(401);
      expect(response.text).toContain(`<h1 data-qa="login-failed-title">${title}</h1>`);
      expect(response.text).toContain(`Codice di errore del gestore di identità: ${code}`);
      expect(response.text).toContain(`href="/${tenant.slug}/accedi" data-qa="back-to-login"`);
      expect(await sessionAuthSetBy(ctx, response)).toBeNull();
      expect((await lastAudit(ctx, tenant.id, 'LOGIN_FAILED'))?.details).toMatchObject({ reason: 'IDP_ERROR', idpErrorCode: Number(code) });
    });
  }

  it('an error Status that still carries an assertion is refused as an attack, not shown as an error code', () =>
    expectRefused((spec) => {
      spec.status = { code: SAML_ERROR_STATUS, subCode: AUTHN_FAILED_STATUS, message: 'ErrorCode nr22' };
      spec.includeAssertion = true;
    }, 'STATUS'));
});

describe('who the fiscal code is', () => {
  it('a valid code nobody holds in this Comune gets the refusal page', async () => {
    const agent = agentFor(ctx.app);
    const login = await startLogin(agent, tenant.slug);
    const stranger = { ...person, fiscalCode: aFiscalCode() };
    const response = await answer(agent, tenant.slug, login, goodAnswer(ctx, tenant.slug, login, stranger));
    expect(response.status).toBe(403);
    expect(response.text).toContain('Consultazione non possibile, verificare il codice fiscale dell&#39;utente');
    expect(await sessionAuthSetBy(ctx, response)).toBeNull();
    const audit = await lastAudit(ctx, tenant.id, 'LOGIN_FAILED');
    expect(audit).toMatchObject({ actorLabel: `${stranger.fiscalCode.slice(0, 6)}**********`, details: { reason: 'NO_MATCH' } });
  });
});
