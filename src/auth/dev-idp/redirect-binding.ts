import { createSign, createVerify } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

// The identity provider's side of SAML's HTTP-Redirect binding: the message deflated and base64-encoded in the
// query, signed over "SAMLRequest|SAMLResponse=…&RelayState=…&SigAlg=…" exactly as sent.

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

export type RedirectMessageKind = 'SAMLRequest' | 'SAMLResponse';

export function redirectBindingUrl(
  target: string,
  message: { kind: RedirectMessageKind; xml: string; relayState?: string | null },
  privateKeyPem: string,
): string {
  const parts = [`${message.kind}=${encodeURIComponent(deflateRawSync(Buffer.from(message.xml, 'utf8')).toString('base64'))}`];
  if (message.relayState) parts.push(`RelayState=${encodeURIComponent(message.relayState)}`);
  parts.push(`SigAlg=${encodeURIComponent(RSA_SHA256)}`);
  const signed = parts.join('&');
  const signature = createSign('RSA-SHA256').update(signed).sign(privateKeyPem, 'base64');
  const url = new URL(target);
  return `${url.origin}${url.pathname}?${url.search ? `${url.search.slice(1)}&` : ''}${signed}&Signature=${encodeURIComponent(signature)}`;
}

/** The raw (still URL-encoded) value of a parameter, as the signature covers it. */
function rawParameter(rawQuery: string, name: string): string | null {
  const pair = rawQuery.split('&').find((part) => part.startsWith(`${name}=`));
  return pair ? pair.slice(name.length + 1) : null;
}

/** Checks a redirect message's signature against a certificate and gives back its XML, or null if unsigned or forged. */
export function verifiedRedirectMessage(rawQuery: string, kind: RedirectMessageKind, certificatePem: string): string | null {
  const message = rawParameter(rawQuery, kind);
  const sigAlg = rawParameter(rawQuery, 'SigAlg');
  const signature = rawParameter(rawQuery, 'Signature');
  if (!message || !signature || decodeURIComponent(sigAlg ?? '') !== RSA_SHA256) return null;
  const relayState = rawParameter(rawQuery, 'RelayState');
  const signed = [`${kind}=${message}`, ...(relayState !== null ? [`RelayState=${relayState}`] : []), `SigAlg=${sigAlg}`].join('&');
  const valid = createVerify('RSA-SHA256').update(signed).verify(certificatePem, decodeURIComponent(signature), 'base64');
  return valid ? inflateRedirectMessage(decodeURIComponent(message)) : null;
}

export function inflateRedirectMessage(base64: string): string {
  return inflateRawSync(Buffer.from(base64, 'base64')).toString('utf8');
}
