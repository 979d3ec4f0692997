import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Federation, IdentityProvider } from '../saml/identity-providers.ts';
import type { SigningCredentials } from '../saml/xml-signature.ts';

/** Where the local identity provider lives (outside any Comune: like a real one, it serves them all). */
export const DEV_IDP_PATH = '/_dev-idp';
export const DEV_IDP_NAME = 'Identity provider di test';

const keys = path.join(path.dirname(fileURLToPath(import.meta.url)), 'keys');

let credentials: SigningCredentials | undefined;

/** The committed TEST-ONLY key pair: signatures made with it prove nothing, which is the point. */
export function devIdpCredentials(): SigningCredentials {
  credentials ??= {
    privateKeyPem: readFileSync(path.join(keys, 'TEST-ONLY-dev-idp-key.pem'), 'utf8'),
    certificatePem: readFileSync(path.join(keys, 'TEST-ONLY-dev-idp-cert.pem'), 'utf8'),
  };
  return credentials;
}

export function devIdpEntityId(baseUrl: string): string {
  return `${baseUrl}${DEV_IDP_PATH}`;
}

export function devIdentityProvider(baseUrl: string, federation: Federation): IdentityProvider {
  const base = devIdpEntityId(baseUrl);
  return {
    federation,
    entityId: base,
    displayName: DEV_IDP_NAME,
    ssoRedirectUrl: `${base}/sso`,
    ssoPostUrl: null,
    sloRedirectUrl: `${base}/slo`,
    sloPostUrl: null,
    sloResponseRedirectUrl: `${base}/slo`,
    certificates: [devIdpCredentials().certificatePem],
    isTestProvider: true,
  };
}
