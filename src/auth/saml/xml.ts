import { DOMParser, XMLSerializer, onErrorStopParsing, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';

export type { XmlDocument, XmlElement };

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  spid: 'https://spid.gov.it/saml-extensions',
  cie: 'https://www.cartaidentita.interno.gov.it/saml-extensions',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

export const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

export const NAMEID_FORMAT = {
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  entity: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export class XmlRejectedError extends Error {
  override name = 'XmlRejectedError';
}

/**
 * Parses a SAML message we did not write. A DOCTYPE is refused outright: SAML never needs one, and it is
 * how entity-expansion and external-entity attacks get in.
 */
export function parseUntrustedXml(xml: string): XmlDocument {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlRejectedError('DOCTYPE not allowed');
  let document: XmlDocument;
  try {
    document = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
  } catch (error) {
    throw new XmlRejectedError(`Malformed XML: ${(error as Error).message}`);
  }
  if (!document.documentElement || document.doctype) throw new XmlRejectedError('Not a single XML document');
  return document;
}

export function serializeXml(node: XmlDocument | XmlElement): string {
  return new XMLSerializer().serializeToString(node);
}

/** The direct children of `parent` with this namespace and local name (never descendants). */
export function childElements(parent: XmlElement, namespace: string, localName: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1) continue;
    const element = node as XmlElement;
    if (element.namespaceURI === namespace && element.localName === localName) found.push(element);
  }
  return found;
}

export function firstChild(parent: XmlElement, namespace: string, localName: string): XmlElement | null {
  return childElements(parent, namespace, localName)[0] ?? null;
}

/** Follows a path of direct children, e.g. Subject → SubjectConfirmation → SubjectConfirmationData. */
export function childAt(parent: XmlElement, namespace: string, ...localNames: string[]): XmlElement | null {
  let current: XmlElement | null = parent;
  for (const localName of localNames) {
    if (!current) return null;
    current = firstChild(current, namespace, localName);
  }
  return current;
}

/**
 * The element's whole text. textContent joins every text node and skips comments and processing
 * instructions, so `TINIT-ABC<!---->DEF` reads as `TINIT-ABCDEF`, never as the first fragment.
 */
export function textOf(element: XmlElement | null): string {
  return (element?.textContent ?? '').trim();
}

export function attributeOf(element: XmlElement | null, name: string): string | null {
  return element && element.hasAttribute(name) ? element.getAttribute(name) : null;
}

/** Escapes text for an XML attribute or element we build by template. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A PEM certificate as the bare base64 that goes into ds:X509Certificate, and back. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

export function pemFromCertificateBody(body: string): string {
  const lines = body.replace(/\s+/g, '').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
