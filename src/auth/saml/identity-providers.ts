import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import {
  BINDING,
  NS,
  attributeOf,
  certificateBody,
  childElements,
  firstChild,
  parseUntrustedXml,
  pemFromCertificateBody,
  textOf,
  type XmlElement,
} from './xml.ts';
import { signedMetadataContent } from './xml-signature.ts';

export type Federation = 'SPID' | 'CIE';

export interface IdentityProvider {
  federation: Federation;
  entityId: string;
  /** Official name, as its metadata's OrganizationDisplayName (Italian when given). */
  displayName: string;
  ssoRedirectUrl: string | null;
  ssoPostUrl: string | null;
  sloRedirectUrl: string | null;
  sloPostUrl: string | null;
  /** Where our LogoutResponses go (SingleLogoutService ResponseLocation, else Location). */
  sloResponseRedirectUrl: string | null;
  /** Signing certificates, PEM. */
  certificates: string[];
  isTestProvider: boolean;
}

export interface IdentityProviderRegistry {
  /** The SPID identity providers, in the order of their sources. */
  spid(): Promise<IdentityProvider[]>;
  cie(): Promise<IdentityProvider | null>;
  find(federation: Federation, entityId: string): Promise<IdentityProvider | null>;
  /** Origins our pages may post forms to (SAML HTTP-POST binding), for the CSP; waits for the metadata being read. */
  formTargets(): Promise<string[]>;
}

function localizedName(organization: XmlElement | null): string | null {
  if (!organization) return null;
  const names = childElements(organization, NS.metadata, 'OrganizationDisplayName');
  const italian = names.find((name) => name.getAttributeNS(NS.xml, 'lang') === 'it') ?? names[0];
  return italian ? textOf(italian) : null;
}

function serviceLocations(
  descriptor: XmlElement,
  service: string,
): { binding: string; location: string; responseLocation: string | null }[] {
  return childElements(descriptor, NS.metadata, service).map((element) => ({
    binding: attributeOf(element, 'Binding') ?? '',
    location: attributeOf(element, 'Location') ?? '',
    responseLocation: attributeOf(element, 'ResponseLocation'),
  }));
}

function identityProviderFrom(entity: XmlElement, federation: Federation): IdentityProvider | null {
  const descriptor = firstChild(entity, NS.metadata, 'IDPSSODescriptor');
  const entityId = attributeOf(entity, 'entityID');
  if (!descriptor || !entityId) return null;
  const certificates = childElements(descriptor, NS.metadata, 'KeyDescriptor')
    .filter((key) => (attributeOf(key, 'use') ?? 'signing') === 'signing')
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(NS.dsig, 'X509Certificate')))
    .map((certificate) => pemFromCertificateBody(certificateBody(textOf(certificate))));
  const sso = serviceLocations(descriptor, 'SingleSignOnService');
  const slo = serviceLocations(descriptor, 'SingleLogoutService');
  const at = (list: typeof sso, binding: string) => list.find((entry) => entry.binding === binding) ?? null;
  const sloRedirect = at(slo, BINDING.redirect);
  return {
    federation,
    entityId,
    displayName: localizedName(firstChild(entity, NS.metadata, 'Organization')) ?? entityId,
    ssoRedirectUrl: at(sso, BINDING.redirect)?.location ?? null,
    ssoPostUrl: at(sso, BINDING.post)?.location ?? null,
    sloRedirectUrl: sloRedirect?.location ?? null,
    sloPostUrl: at(slo, BINDING.post)?.location ?? null,
    sloResponseRedirectUrl: sloRedirect ? (sloRedirect.responseLocation ?? sloRedirect.location) : null,
    certificates,
    isTestProvider: false,
  };
}

/** Every identity provider in a metadata document: one EntityDescriptor or an EntitiesDescriptor of many. */
export function parseIdentityProviderMetadata(xml: string, federation: Federation): IdentityProvider[] {
  const root = parseUntrustedXml(xml).documentElement!;
  const entities =
    root.localName === 'EntitiesDescriptor' ? Array.from(root.getElementsByTagNameNS(NS.metadata, 'EntityDescriptor')) : [root];
  return entities
    .map((entity) => identityProviderFrom(entity, federation))
    .filter((idp): idp is IdentityProvider => idp !== null && idp.certificates.length > 0);
}

const REFRESH_MS = 24 * 3_600_000;

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`${source} answered ${response.status}`);
    return response.text();
  }
  return readFile(source, 'utf8');
}

/**
 * Identity providers from metadata files or URLs (comma-separated), read on first use and again once a day;
 * a source that fails to load, or whose registry signature does not verify, keeps its last good list.
 * Outside production the local test provider comes first.
 */
export function createIdentityProviderRegistry(options: {
  spidSources: string | undefined;
  cieSources: string | undefined;
  /** The certificates each federation's registry signs its metadata with; when set, unsigned metadata is refused. */
  registryCertificates?: { spid?: string; cie?: string };
  testProviders: { spid: IdentityProvider; cie: IdentityProvider } | null;
  logger: Logger;
}): IdentityProviderRegistry {
  const sourcesOf = (list: string | undefined) =>
    (list ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  const loaded = new Map<string, IdentityProvider[]>();
  let loadedAt = 0;
  let loading: Promise<void> | null = null;

  const load = async (): Promise<void> => {
    const jobs = [
      ...sourcesOf(options.spidSources).map((source) => ({ source, federation: 'SPID' as const })),
      ...sourcesOf(options.cieSources).map((source) => ({ source, federation: 'CIE' as const })),
    ];
    await Promise.all(
      jobs.map(async ({ source, federation }) => {
        try {
          const document = await readSource(source);
          const registry = federation === 'SPID' ? options.registryCertificates?.spid : options.registryCertificates?.cie;
          const trusted = registry ? signedMetadataContent(document, registry) : document;
          loaded.set(`${federation} ${source}`, parseIdentityProviderMetadata(trusted, federation));
        } catch (error) {
          options.logger.error({ err: error, source }, 'identity provider metadata not loaded');
        }
      }),
    );
    loadedAt = Date.now();
  };
  const ensureLoaded = async (): Promise<void> => {
    if (loadedAt && Date.now() - loadedAt < REFRESH_MS) return;
    loading ??= load().finally(() => {
      loading = null;
    });
    await loading;
  };
  const all = (federation: Federation): IdentityProvider[] => {
    const test = options.testProviders ? [federation === 'SPID' ? options.testProviders.spid : options.testProviders.cie] : [];
    const fromMetadata = [...loaded.entries()].filter(([key]) => key.startsWith(`${federation} `)).flatMap(([, idps]) => idps);
    return [...test, ...fromMetadata];
  };
  void ensureLoaded();

  return {
    async spid() {
      await ensureLoaded();
      return all('SPID');
    },
    async cie() {
      await ensureLoaded();
      const real = all('CIE').filter((idp) => !idp.isTestProvider);
      return real[0] ?? all('CIE')[0] ?? null;
    },
    async find(federation, entityId) {
      await ensureLoaded();
      return all(federation).find((idp) => idp.entityId === entityId) ?? null;
    },
    async formTargets() {
      await ensureLoaded();
      const origins = new Set<string>();
      for (const idp of [...all('SPID'), ...all('CIE')]) {
        for (const url of [idp.ssoPostUrl, idp.sloPostUrl]) if (url) origins.add(new URL(url).origin);
      }
      return [...origins];
    },
  };
}
