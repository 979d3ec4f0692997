import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import type { Federation } from './identity-providers.ts';
import { asSpidLevel, type SpidLevel } from './levels.ts';
import type { SigningCredentials } from './xml-signature.ts';

/** One Comune as a Service Provider of one federation (SPID or CIE). */
export interface ServiceProvider {
  tenant: Tenant;
  federation: Federation;
  entityId: string;
  acsUrl: string;
  sloUrl: string;
  level: SpidLevel;
  credentials: SigningCredentials;
}

const TEST_ONLY_KEYS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dev-idp', 'keys');

const fileCache = new Map<string, string>();
function readOnce(file: string): string {
  let content = fileCache.get(file);
  if (content === undefined) {
    content = readFileSync(file, 'utf8');
    fileCache.set(file, content);
  }
  return content;
}

/**
 * The key that signs this Comune's requests and metadata: its own if stored on the tenant, else the shared
 * one from SAML_KEY_PATH/SAML_CERT_PATH; outside production, the committed test-only pair as a last resort.
 */
export function spCredentialsFor(tenant: Tenant, config: Config): SigningCredentials {
  if (tenant.samlPrivateKeyPem && tenant.samlCertificatePem) {
    return { privateKeyPem: tenant.samlPrivateKeyPem, certificatePem: tenant.samlCertificatePem };
  }
  if (config.saml.keyPath && config.saml.certPath) {
    return { privateKeyPem: readOnce(config.saml.keyPath), certificatePem: readOnce(config.saml.certPath) };
  }
  if (config.isProduction) throw new Error('SAML_KEY_PATH and SAML_CERT_PATH are required in production');
  return {
    privateKeyPem: readOnce(path.join(TEST_ONLY_KEYS, 'TEST-ONLY-sp-key.pem')),
    certificatePem: readOnce(path.join(TEST_ONLY_KEYS, 'TEST-ONLY-sp-cert.pem')),
  };
}

export function spidEntityId(baseUrl: string, tenantSlug: string): string {
  return `${baseUrl}/${tenantSlug}/saml/metadata`;
}

/** CIE registers Service Providers apart from SPID, so the CIE one has its own entityID (and metadata URL). */
export function cieEntityId(baseUrl: string, tenantSlug: string): string {
  return `${baseUrl}/${tenantSlug}/saml/metadata/cie`;
}

export function serviceProviderFor(tenant: Tenant, federation: Federation, config: Config): ServiceProvider {
  const base = `${config.baseUrl}/${tenant.slug}/saml`;
  return {
    tenant,
    federation,
    entityId: federation === 'SPID' ? spidEntityId(config.baseUrl, tenant.slug) : cieEntityId(config.baseUrl, tenant.slug),
    acsUrl: `${base}/acs`,
    sloUrl: `${base}/slo`,
    level: asSpidLevel(tenant.spidLevel),
    credentials: spCredentialsFor(tenant, config),
  };
}

/**
 * The Service Provider with the key pair the Comune has stored right now. The tenant a request carries comes
 * from a cache (src/web/tenant.ts) and may still hold the pair an administrator replaced moments ago, here or
 * on another replica: signing with it would make the metadata and AuthnRequests disagree with the database.
 */
export async function currentServiceProvider(prisma: Db, tenant: Tenant, federation: Federation, config: Config): Promise<ServiceProvider> {
  const keys = await prisma.tenant.findUniqueOrThrow({
    where: { id: tenant.id },
    select: { samlPrivateKeyPem: true, samlCertificatePem: true },
  });
  return serviceProviderFor({ ...tenant, ...keys }, federation, config);
}

/** Which Comune and federation an SP entityID names, or null when it is not one of ours. */
export function parseOurEntityId(baseUrl: string, entityId: string): { tenantSlug: string; federation: Federation } | null {
  if (!entityId.startsWith(`${baseUrl}/`)) return null;
  const match = /^([a-z0-9-]{2,40})\/saml\/metadata(\/cie)?$/.exec(entityId.slice(baseUrl.length + 1));
  return match ? { tenantSlug: match[1], federation: match[2] ? 'CIE' : 'SPID' } : null;
}
