import { SignedXml } from 'xml-crypto';

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
