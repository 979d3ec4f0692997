import { randomBytes } from 'node:crypto';
import type { Federation } from '../saml/identity-providers.ts';
import { levelUri, type SpidLevel } from '../saml/levels.ts';
import { NAMEID_FORMAT, NS, STATUS_SUCCESS, escapeXml } from '../saml/xml.ts';
import { signElementById, type SigningCredentials } from '../saml/xml-signature.ts';

// How an identity provider answers: the local test identity provider and the tests' signing IdP both build
// their SAML Responses here, so there is one implementation of "sign a response".

export interface ResponseSpec {
  responseId: string;
  assertionId: string;
  idpEntityId: string;
  /** Issuer Format of the Response and of the Assertion (null: attribute left out, as CIE does). */
  responseIssuerFormat: string | null;
  assertionIssuerFormat: string | null;
  destination: string;
  inResponseTo: string | null;
  subjectInResponseTo: string | null;
  recipient: string;
  audience: string;
  issueInstant: Date;
  notBefore: Date;
  notOnOrAfter: Date;
  confirmationNotOnOrAfter: Date;
  authnContextClassRef: string;
  nameId: string;
  nameQualifier: string;
  sessionIndex: string;
  /** name → value; values are text (escaped here). */
  attributes: Record<string, string>;
  /** A non-Success status: the Response carries no Assertion unless `includeAssertion`. */
  status: { code: string; subCode?: string; message?: string } | null;
  includeAssertion: boolean;
}

export interface PersonAttributes {
  fiscalCode: string;
  firstName: string;
  lastName: string;
  email: string;
  dateOfBirth: string;
}

export const SAML_ERROR_STATUS = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
export const AUTHN_FAILED_STATUS = 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed';

export function samlId(): string {
  return `_${randomBytes(16).toString('hex')}`;
}

/** What a well-behaved identity provider answers to one request, for one person. */
export function responseSpecFor(input: {
  federation: Federation;
  idpEntityId: string;
  requestId: string;
  acsUrl: string;
  spEntityId: string;
  level: SpidLevel;
  person: PersonAttributes;
  now: Date;
}): ResponseSpec {
  const { person, now } = input;
  const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  const spidAttributes = {
    fiscalNumber: `TINIT-${person.fiscalCode}`,
    name: person.firstName,
    familyName: person.lastName,
    email: person.email,
  };
  const cieAttributes = {
    fiscalNumber: `TINIT-${person.fiscalCode}`,
    name: person.firstName,
    familyName: person.lastName,
    dateOfBirth: person.dateOfBirth,
  };
  return {
    responseId: samlId(),
    assertionId: samlId(),
    idpEntityId: input.idpEntityId,
    responseIssuerFormat: input.federation === 'SPID' ? NAMEID_FORMAT.entity : null,
    assertionIssuerFormat: NAMEID_FORMAT.entity,
    destination: input.acsUrl,
    inResponseTo: input.requestId,
    subjectInResponseTo: input.requestId,
    recipient: input.acsUrl,
    audience: input.spEntityId,
    issueInstant: now,
    notBefore: new Date(now.getTime() - 60_000),
    notOnOrAfter: later(5),
    confirmationNotOnOrAfter: later(5),
    authnContextClassRef: levelUri(input.level),
    nameId: samlId(),
    nameQualifier: input.idpEntityId,
    sessionIndex: samlId(),
    attributes: input.federation === 'SPID' ? spidAttributes : cieAttributes,
    status: null,
    includeAssertion: true,
  };
}

const instant = (date: Date) => date.toISOString();
const attr = (name: string, value: string | null) => (value === null ? '' : ` ${name}="${escapeXml(value)}"`);
const issuer = (entityId: string, format: string | null) => `<saml:Issuer${attr('Format', format)}>${escapeXml(entityId)}</saml:Issuer>`;

function assertionXml(spec: ResponseSpec): string {
  const attributes = Object.entries(spec.attributes)
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">` +
        `<saml:AttributeValue xsi:type="xs:string">${escapeXml(value)}</saml:AttributeValue></saml:Attribute>`,
    )
    .join('');
  return (
    `<saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${spec.assertionId}" Version="2.0" IssueInstant="${instant(spec.issueInstant)}">` +
    issuer(spec.idpEntityId, spec.assertionIssuerFormat) +
    `<saml:Subject><saml:NameID Format="${NAMEID_FORMAT.transient}" NameQualifier="${escapeXml(spec.nameQualifier)}">${spec.nameId}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${attr('InResponseTo', spec.subjectInResponseTo)} NotOnOrAfter="${instant(spec.confirmationNotOnOrAfter)}" Recipient="${escapeXml(spec.recipient)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${instant(spec.notBefore)}" NotOnOrAfter="${instant(spec.notOnOrAfter)}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(spec.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${instant(spec.issueInstant)}" SessionIndex="${spec.sessionIndex}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${escapeXml(spec.authnContextClassRef)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

function statusXml(status: ResponseSpec['status']): string {
  if (!status) return `<samlp:Status><samlp:StatusCode Value="${STATUS_SUCCESS}"/></samlp:Status>`;
  const inner = status.subCode ? `<samlp:StatusCode Value="${status.subCode}"/>` : '';
  const message = status.message ? `<samlp:StatusMessage>${escapeXml(status.message)}</samlp:StatusMessage>` : '';
  return `<samlp:Status><samlp:StatusCode Value="${status.code}">${inner}</samlp:StatusCode>${message}</samlp:Status>`;
}

/** The unsigned Response document. */
export function buildResponseXml(spec: ResponseSpec): string {
  const withAssertion = spec.status === null || spec.includeAssertion;
  return (
    `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${spec.responseId}" Version="2.0" IssueInstant="${instant(spec.issueInstant)}"` +
    `${attr('InResponseTo', spec.inResponseTo)} Destination="${escapeXml(spec.destination)}">` +
    issuer(spec.idpEntityId, spec.responseIssuerFormat) +
    statusXml(spec.status) +
    (withAssertion ? assertionXml(spec) : '') +
    `</samlp:Response>`
  );
}

/** Signs the Assertion, then the Response around it (SPID's usual shape); either can be left unsigned. */
export function signResponseXml(
  xml: string,
  ids: { responseId: string; assertionId: string },
  credentials: SigningCredentials,
  what: { assertion: boolean; response: boolean } = { assertion: true, response: true },
): string {
  let signed = xml;
  if (what.assertion && signed.includes(`ID="${ids.assertionId}"`))
    signed = signElementById(signed, ids.assertionId, credentials, 'afterIssuer');
  if (what.response) signed = signElementById(signed, ids.responseId, credentials, 'afterIssuer');
  return signed;
}

export function signedResponse(spec: ResponseSpec, credentials: SigningCredentials): string {
  return signResponseXml(buildResponseXml(spec), spec, credentials);
}
