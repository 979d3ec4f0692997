import { isValidPersonalFiscalCode, normalizeFiscalCode } from '../../domain/fiscal-code.ts';
import type { Federation } from './identity-providers.ts';
import { levelFromUri, type SpidLevel } from './levels.ts';
import { refuse } from './login-errors.ts';
import { NAMEID_FORMAT, NS, STATUS_SUCCESS, attributeOf, childAt, childElements, firstChild, textOf, type XmlElement } from './xml.ts';

/** What the answer must match: our request, our Service Provider, the identity provider we asked. */
export interface ResponseExpectations {
  federation: Federation;
  idpEntityId: string;
  spEntityId: string;
  acsUrl: string;
  requestId: string;
  requestIssuedAt: Date;
  requestedLevel: SpidLevel;
  now: Date;
}

/** The person, as the signed assertion states them. */
export interface VerifiedIdentity {
  fiscalCode: string;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  level: SpidLevel;
  assertionId: string;
  /** Until when the assertion could be replayed: its id is remembered that long. */
  validUntil: Date;
  nameId: string;
  nameIdFormat: string;
  nameQualifier: string;
  sessionIndex: string | null;
}

/** Clocks of identity providers and ours may differ a little; only "not yet / in the future" checks allow it. */
const CLOCK_SKEW_MS = 90_000;
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

function instantOf(value: string | null, what: string): Date {
  // SAML instants are UTC (xs:dateTime ending in Z).
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) refuse('ISSUE_INSTANT', `${what} is not a UTC instant`);
  return new Date(value);
}

function checkIssueInstant(element: XmlElement, what: string, expected: ResponseExpectations): void {
  const issued = instantOf(attributeOf(element, 'IssueInstant'), `${what} IssueInstant`);
  if (issued.getTime() > expected.now.getTime() + CLOCK_SKEW_MS) refuse('ISSUE_INSTANT', `${what} issued in the future`);
  if (issued.getTime() < expected.requestIssuedAt.getTime() - CLOCK_SKEW_MS) refuse('ISSUE_INSTANT', `${what} issued before our request`);
}

function checkIssuer(parent: XmlElement, what: string, expected: ResponseExpectations, formatRequired: boolean): void {
  const issuers = childElements(parent, NS.assertion, 'Issuer');
  if (issuers.length !== 1) refuse('ISSUER', `${what} must have one Issuer`);
  if (textOf(issuers[0]) !== expected.idpEntityId) refuse('ISSUER', `${what} Issuer is not the identity provider we asked`);
  const format = attributeOf(issuers[0], 'Format');
  if (format === null ? formatRequired : format !== NAMEID_FORMAT.entity) refuse('ISSUER', `${what} Issuer Format must be entity`);
}

function checkStillValid(notOnOrAfter: string | null, what: string, now: Date): Date {
  if (!notOnOrAfter) refuse('EXPIRED', `${what} has no NotOnOrAfter`);
  const until = instantOf(notOnOrAfter, `${what} NotOnOrAfter`);
  if (now.getTime() >= until.getTime()) refuse('EXPIRED', `${what} expired`);
  return until;
}

/** The Response around the assertion: its own attributes, Issuer and Status. */
export function checkResponseEnvelope(response: XmlElement, expected: ResponseExpectations): void {
  if (response.namespaceURI !== NS.protocol || response.localName !== 'Response') refuse('MALFORMED', 'not a samlp:Response');
  if (attributeOf(response, 'Version') !== '2.0') refuse('VERSION', 'Response Version must be 2.0');
  if (!attributeOf(response, 'ID')) refuse('MALFORMED', 'Response without ID');
  checkIssueInstant(response, 'Response', expected);
  if (attributeOf(response, 'InResponseTo') !== expected.requestId) refuse('IN_RESPONSE_TO', 'Response InResponseTo is not our request');
  if (attributeOf(response, 'Destination') !== expected.acsUrl) refuse('DESTINATION', 'Response Destination is not our ACS');
  const statusCode = childAt(response, NS.protocol, 'Status', 'StatusCode');
  if (attributeOf(statusCode, 'Value') !== STATUS_SUCCESS) refuse('STATUS', 'Response Status is not Success');
  checkIssuer(response, 'Response', expected, false);
  const assertions = childElements(response, NS.assertion, 'Assertion').length;
  const encrypted = childElements(response, NS.assertion, 'EncryptedAssertion').length;
  if (assertions !== 1 || encrypted !== 0) refuse('ASSERTION_COUNT', 'Response must carry exactly one Assertion');
}

function checkSubject(assertion: XmlElement, expected: ResponseExpectations): { nameId: string; nameQualifier: string; validUntil: Date } {
  const subject = firstChild(assertion, NS.assertion, 'Subject');
  const nameIdElement = subject && firstChild(subject, NS.assertion, 'NameID');
  if (!subject || !nameIdElement) refuse('NAME_ID', 'Assertion without Subject NameID');
  const nameId = textOf(nameIdElement);
  const nameQualifier = attributeOf(nameIdElement, 'NameQualifier');
  if (!nameId) refuse('NAME_ID', 'empty NameID');
  if (attributeOf(nameIdElement, 'Format') !== NAMEID_FORMAT.transient) refuse('NAME_ID', 'NameID Format must be transient');
  if (!nameQualifier) refuse('NAME_ID', 'NameID without NameQualifier');

  const confirmations = childElements(subject, NS.assertion, 'SubjectConfirmation');
  if (confirmations.length !== 1) refuse('SUBJECT_CONFIRMATION', 'one SubjectConfirmation expected');
  if (attributeOf(confirmations[0], 'Method') !== BEARER) refuse('SUBJECT_CONFIRMATION', 'SubjectConfirmation Method must be bearer');
  const data = firstChild(confirmations[0], NS.assertion, 'SubjectConfirmationData');
  if (!data) refuse('SUBJECT_CONFIRMATION', 'SubjectConfirmationData missing');
  if (attributeOf(data, 'Recipient') !== expected.acsUrl) refuse('RECIPIENT', 'SubjectConfirmationData Recipient is not our ACS');
  if (attributeOf(data, 'InResponseTo') !== expected.requestId)
    refuse('IN_RESPONSE_TO', 'SubjectConfirmationData InResponseTo is not our request');
  const validUntil = checkStillValid(attributeOf(data, 'NotOnOrAfter'), 'SubjectConfirmationData', expected.now);
  return { nameId, nameQualifier, validUntil };
}

function checkConditions(assertion: XmlElement, expected: ResponseExpectations): Date {
  const conditions = childElements(assertion, NS.assertion, 'Conditions');
  if (conditions.length !== 1) refuse('EXPIRED', 'one Conditions element expected');
  const notBefore = attributeOf(conditions[0], 'NotBefore');
  if (!notBefore) refuse('NOT_YET_VALID', 'Conditions without NotBefore');
  if (instantOf(notBefore, 'Conditions NotBefore').getTime() > expected.now.getTime() + CLOCK_SKEW_MS)
    refuse('NOT_YET_VALID', 'Conditions not yet valid');
  const validUntil = checkStillValid(attributeOf(conditions[0], 'NotOnOrAfter'), 'Conditions', expected.now);
  const audiences = childElements(conditions[0], NS.assertion, 'AudienceRestriction').flatMap((restriction) =>
    childElements(restriction, NS.assertion, 'Audience').map(textOf),
  );
  if (audiences.length !== 1 || audiences[0] !== expected.spEntityId) refuse('AUDIENCE', 'Audience is not our entityID');
  return validUntil;
}

function checkLevel(assertion: XmlElement, expected: ResponseExpectations): SpidLevel {
  const statements = childElements(assertion, NS.assertion, 'AuthnStatement');
  if (statements.length !== 1) refuse('AUTHN_CONTEXT', 'one AuthnStatement expected');
  const level = levelFromUri(textOf(childAt(statements[0], NS.assertion, 'AuthnContext', 'AuthnContextClassRef')));
  if (level === null) refuse('AUTHN_CONTEXT', 'AuthnContextClassRef is not a SPID level');
  if (level < expected.requestedLevel) refuse('LEVEL_TOO_LOW', `level ${level} for a level ${expected.requestedLevel} request`);
  return level;
}

/** Attribute name → its one value (text of every text node inside, comments and instructions skipped). */
function attributesOf(assertion: XmlElement): Map<string, string> {
  const statements = childElements(assertion, NS.assertion, 'AttributeStatement');
  if (statements.length !== 1) refuse('ATTRIBUTES', 'one AttributeStatement expected');
  const attributes = new Map<string, string>();
  for (const attribute of childElements(statements[0], NS.assertion, 'Attribute')) {
    const name = attributeOf(attribute, 'Name');
    const values = childElements(attribute, NS.assertion, 'AttributeValue').map(textOf);
    if (!name || values.length !== 1 || !values[0]) refuse('ATTRIBUTES', `attribute ${name ?? '?'} must have one non-empty value`);
    if (attributes.has(name)) refuse('ATTRIBUTES', `attribute ${name} repeated`);
    attributes.set(name, values[0]);
  }
  if (attributes.size === 0) refuse('ATTRIBUTES', 'no attributes');
  return attributes;
}

function fiscalCodeFrom(fiscalNumber: string | undefined): string {
  if (!fiscalNumber) refuse('ATTRIBUTES', 'fiscalNumber missing');
  if (!/^TINIT-/i.test(fiscalNumber)) refuse('FISCAL_CODE', 'fiscalNumber is not TINIT-<codice fiscale>');
  const fiscalCode = normalizeFiscalCode(fiscalNumber);
  if (!isValidPersonalFiscalCode(fiscalCode)) refuse('FISCAL_CODE', 'fiscalNumber is not a valid codice fiscale');
  return fiscalCode;
}

/**
 * SPID's checks on the signed Assertion (the one passport-saml verified; never the raw POST). Returns the person.
 */
export function checkAssertion(assertion: XmlElement, expected: ResponseExpectations): VerifiedIdentity {
  if (assertion.namespaceURI !== NS.assertion || assertion.localName !== 'Assertion') refuse('MALFORMED', 'not a saml:Assertion');
  const assertionId = attributeOf(assertion, 'ID');
  if (!assertionId) refuse('MALFORMED', 'Assertion without ID');
  if (attributeOf(assertion, 'Version') !== '2.0') refuse('VERSION', 'Assertion Version must be 2.0');
  checkIssueInstant(assertion, 'Assertion', expected);
  checkIssuer(assertion, 'Assertion', expected, expected.federation === 'SPID');
  const subject = checkSubject(assertion, expected);
  const conditionsUntil = checkConditions(assertion, expected);
  const level = checkLevel(assertion, expected);
  const attributes = attributesOf(assertion);
  const sessionIndex = attributeOf(firstChild(assertion, NS.assertion, 'AuthnStatement'), 'SessionIndex');
  return {
    fiscalCode: fiscalCodeFrom(attributes.get('fiscalNumber')),
    givenName: attributes.get('name') ?? null,
    familyName: attributes.get('familyName') ?? null,
    email: attributes.get('email') ?? null,
    level,
    assertionId,
    validUntil: new Date(Math.max(conditionsUntil.getTime(), subject.validUntil.getTime())),
    nameId: subject.nameId,
    nameIdFormat: NAMEID_FORMAT.transient,
    nameQualifier: subject.nameQualifier,
    sessionIndex,
  };
}
