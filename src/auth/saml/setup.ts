import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { devIdentityProvider } from '../dev-idp/descriptor.ts';
import { createIdentityProviderRegistry, type IdentityProviderRegistry } from './identity-providers.ts';

/** The identity providers of this deployment; outside production the local test provider is one of them. */
export function identityProvidersFor(config: Config, logger: Logger): IdentityProviderRegistry {
  return createIdentityProviderRegistry({
    spidSources: config.saml.spidIdpMetadata,
    cieSources: config.saml.cieIdpMetadata,
    registryCertificates: {
      spid: config.saml.spidRegistryCertPath && readFileSync(config.saml.spidRegistryCertPath, 'utf8'),
      cie: config.saml.cieRegistryCertPath && readFileSync(config.saml.cieRegistryCertPath, 'utf8'),
    },
    testProviders: config.isProduction
      ? null
      : { spid: devIdentityProvider(config.baseUrl, 'SPID'), cie: devIdentityProvider(config.baseUrl, 'CIE') },
    logger,
  });
}
