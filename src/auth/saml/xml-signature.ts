import { SignedXml } from 'xml-crypto';
import { NS, XmlRejectedError, attributeOf, childElements, parseUntrustedXml } from './xml.ts';

export interface SigningCredentials {
  privateKeyPem: string;
  certificatePem: string;
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/**
 * Signs the element whose ID attribute is `id` with an enveloped RSA-SHA256 signature carrying our
 * certificate in KeyInfo. SAML's schemas want ds:Signature right after the element's Issuer; elements
 * without an Issuer (metadata's EntityDescriptor) get it as their first child.
 * The one signer of the app: metadata, POST AuthnRequests, and the local identity provider's responses.
 */
export function signElementById(xml: string, id: string, credentials: SigningCredentials, placement: 'afterIssuer' | 'firstChild'): string {
  if (!/^[A-Za-z_][\w.-]*$/.test(id)) throw new Error(`Not an XML ID: ${id}`);
  const element = `//*[@ID='${id}']`;
  const signer = new SignedXml({
    privateKey: credentials.privateKeyPem,
    publicCert: credentials.certificatePem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signer.addReference({ xpath: element, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256 });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location:
      placement === 'afterIssuer'
        ? { reference: `${element}/*[local-name()='Issuer']`, action: 'after' }
        : { reference: element, action: 'prepend' },
  });
  return signer.getSignedXml();
}

/**
 * The part of a federation's metadata document its registry signed, or XmlRejectedError.
 * The signature must be the document element's own (a direct child, one reference to that element or to
 * the whole document) and verify with the registry's certificate, never a certificate found in KeyInfo.
 * What is returned is the signed content itself, so nothing added around or inside it after signing is read.
 */
export function signedMetadataContent(xml: string, registryCertificatePem: string): string {
  const root = parseUntrustedXml(xml).documentElement!;
  const signatures = childElements(root, NS.dsig, 'Signature');
  if (signatures.length !== 1) throw new XmlRejectedError('metadata: one enveloped signature of the document element expected');
  const verifier = new SignedXml({ publicCert: registryCertificatePem, getCertFromKeyInfo: () => null });
  verifier.loadSignature(signatures[0] as unknown as Node);
  const references = verifier.getReferences();
  const rootId = attributeOf(root, 'ID');
  if (references.length !== 1 || !(references[0].uri === '' || (rootId !== null && references[0].uri === `#${rootId}`))) {
    throw new XmlRejectedError('metadata: the signature does not cover the document element');
  }
  let valid: boolean;
  try {
    valid = verifier.checkSignature(xml);
  } catch (error) {
    throw new XmlRejectedError(`metadata: ${(error as Error).message}`);
  }
  const signed = verifier.getSignedReferences();
  if (!valid || signed.length !== 1) throw new XmlRejectedError('metadata: the signature does not verify with the registry certificate');
  return signed[0];
}
