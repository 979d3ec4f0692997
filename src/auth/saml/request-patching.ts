import { DOMParser } from '@xmldom/xmldom';
import { NAMEID_FORMAT, NS, childElements, firstChild, serializeXml, type XmlElement } from './xml.ts';

// passport-saml writes AuthnRequest, LogoutRequest and LogoutResponse the generic SAML way; SPID's rules
// differ in a few places, fixed here on the XML before it is signed.

function parseOwn(xml: string): XmlElement {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
}

/** SPID: Issuer with Format entity and NameQualifier = our entityID. */
function qualifyIssuer(root: XmlElement, entityId: string): void {
  const issuer = firstChild(root, NS.assertion, 'Issuer');
  if (!issuer) throw new Error(`${root.localName} without Issuer`);
  issuer.setAttribute('Format', NAMEID_FORMAT.entity);
  issuer.setAttribute('NameQualifier', entityId);
}

export function patchAuthnRequest(
  xml: string,
  options: { entityId: string; issueInstant: string; assertionConsumerServiceIndex: number },
): string {
  const root = parseOwn(xml);
  root.setAttribute('IssueInstant', options.issueInstant);
  // The ACS is named by its index in our metadata, so the URL and binding attributes go.
  root.removeAttribute('AssertionConsumerServiceURL');
  root.removeAttribute('ProtocolBinding');
  root.setAttribute('AssertionConsumerServiceIndex', String(options.assertionConsumerServiceIndex));
  root.removeAttribute('IsPassive');
  qualifyIssuer(root, options.entityId);
  for (const policy of childElements(root, NS.protocol, 'NameIDPolicy')) policy.removeAttribute('AllowCreate');
  return serializeXml(root);
}

export function patchLogoutRequest(xml: string, options: { entityId: string; issueInstant: string }): string {
  const root = parseOwn(xml);
  root.setAttribute('IssueInstant', options.issueInstant);
  qualifyIssuer(root, options.entityId);
  return serializeXml(root);
}

export function patchLogoutResponse(xml: string, options: { entityId: string; issueInstant: string; destination: string }): string {
  const root = parseOwn(xml);
  root.setAttribute('IssueInstant', options.issueInstant);
  root.setAttribute('Destination', options.destination);
  qualifyIssuer(root, options.entityId);
  return serializeXml(root);
}

/** The ID attribute of a message we built. */
export function messageId(xml: string): string {
  return parseOwn(xml).getAttribute('ID') ?? '';
}
