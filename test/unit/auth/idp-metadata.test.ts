import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdentityProviderRegistry } from '../../../src/auth/saml/identity-providers.ts';
import { signElementById } from '../../../src/auth/saml/xml-signature.ts';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { makeCredentials, writeIdpMetadata } from '../../helpers/saml-idp.ts';

// The registry (AgID for SPID) signs the metadata that says which certificates may sign a login.

const dir = mkdtempSync(path.join(os.tmpdir(), 'idp-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const registry = makeCredentials('registry.spid.example');
const attacker = makeCredentials('registry.evil.example');
const idp = { entityId: 'https://idp.real.example', name: 'Gestore Reale', credentials: makeCredentials('idp.real.example') };

const unsigned = readFileSync(writeIdpMetadata(dir, [{ ...idp, ssoRedirect: 'https://idp.real.example/sso' }]), 'utf8').replace(
  '<md:EntitiesDescriptor ',
  '<md:EntitiesDescriptor ID="_registry2026" ',
);
const signedBy = (credentials: typeof registry) => signElementById(unsigned, '_registry2026', credentials, 'firstChild');

function file(xml: string): string {
  const name = path.join(dir, `metadata-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(name, xml);
  return name;
}

async function providersFrom(xml: string) {
  const providers = createIdentityProviderRegistry({
    spidSources: file(xml),
    cieSources: undefined,
    registryCertificates: { spid: registry.certificatePem },
    testProviders: null,
    logger: pino({ level: 'silent' }),
  });
  return (await providers.spid()).map((p) => ({ entityId: p.entityId, sso: p.ssoRedirectUrl }));
}

describe('identity providers metadata from a registry', () => {
  it('is read when the registry’s signature verifies', async () => {
    expect(await providersFrom(signedBy(registry))).toEqual([{ entityId: idp.entityId, sso: 'https://idp.real.example/sso' }]);
  });

  it.each([
    ['unsigned', () => unsigned],
    ['signed by another key (its certificate in KeyInfo)', () => signedBy(attacker)],
    ['changed after signing', () => signedBy(registry).replace('https://idp.real.example/sso', 'https://evil.example/sso')],
    [
      'a forged provider added beside the signed content',
      () =>
        signedBy(registry).replace(
          '</md:EntitiesDescriptor>',
          '<md:EntityDescriptor entityID="https://evil.example"/></md:EntitiesDescriptor>',
        ),
    ],
    [
      'the signed document wrapped in an unsigned one',
      () =>
        `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${signedBy(registry).replace(/^<\?xml[^>]*>/, '')}</md:EntitiesDescriptor>`,
    ],
  ])('is refused when %s', async (_case, metadata) => {
    expect(await providersFrom(metadata())).toEqual([]);
  });

  it('must be checked in production when it is fetched over the network', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://db/app',
      BASE_URL: 'https://servizi.example.it',
      SESSION_SECRET: 'a-production-like-session-secret-of-enough-length',
      SAML_KEY_PATH: '/k.pem',
      SAML_CERT_PATH: '/c.pem',
      SPID_IDP_METADATA: 'https://registry.spid.gov.it/entities-idp?output=xml',
      PAGOPA_MODE: 'real',
      PAGOPA_GPD_BASE_URL: 'https://pagopa.example',
      PAGOPA_GPD_API_KEY: 'key',
      PAGOPA_CHECKOUT_BASE_URL: 'https://pagopa.example',
      PAGOPA_RECEIPTS_BASE_URL: 'https://pagopa.example',
      PAGOPA_RECEIPTS_API_KEY: 'key',
      PAGOPA_PUSH_TOKEN: 'a-long-enough-push-token',
      SMTP_URL: 'smtp://mail.example:25',
      MAIL_FROM: 'Comune <noreply@comune.example>',
    };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/SPID_REGISTRY_CERT_PATH/);
    expect(loadConfig({ ...production, SPID_REGISTRY_CERT_PATH: '/agid.pem' }).saml.spidRegistryCertPath).toBe('/agid.pem');
  });
});
