import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { idpErrorCodeFrom } from './idp-errors.ts';
import type { IdentityProvider, IdentityProviderRegistry } from './identity-providers.ts';
import { SamlLoginError, refuse, type LoginFailureReason } from './login-errors.ts';
import { claimPendingRequest, claimedRequestCache, type PendingRequest } from './request-store.ts';
import { checkAssertion, checkResponseEnvelope, type ResponseExpectations, type VerifiedIdentity } from './response-checks.ts';
import { samlClientFor } from './saml-client.ts';
import { currentServiceProvider } from './service-provider.ts';
import {
  NS,
  STATUS_SUCCESS,
  XmlRejectedError,
  attributeOf,
  childAt,
  childElements,
  parseUntrustedXml,
  textOf,
  type XmlElement,
} from './xml.ts';

export interface SamlDeps {
  config: Config;
  prisma: Db;
  clock: Clock;
  identityProviders: IdentityProviderRegistry;
  logger: Logger;
}

export interface AcceptedResponse {
  identity: VerifiedIdentity;
  idp: IdentityProvider;
  request: PendingRequest;
}

function parseOrRefuse(xml: string): XmlElement {
  try {
    return parseUntrustedXml(xml).documentElement!;
  } catch (error) {
    if (error instanceof XmlRejectedError && /DOCTYPE/.test(error.message)) refuse('DOCTYPE', error.message);
    refuse('MALFORMED', (error as Error).message);
  }
}

/** passport-saml's refusals, named as ours. */
function reasonForLibraryError(message: string): LoginFailureReason {
  if (/audience/i.test(message)) return 'AUDIENCE';
  if (/InResponseTo/i.test(message)) return 'IN_RESPONSE_TO';
  if (/multiple assertions|Missing SAML assertion/i.test(message)) return 'ASSERTION_COUNT';
  if (/subject confirmation/i.test(message)) return 'SUBJECT_CONFIRMATION';
  return 'SIGNATURE';
}

/**
 * The answer to our AuthnRequest, posted to the ACS. The raw XML is read only to find which request it
 * claims to answer; that request is taken out of PostgreSQL at once (so a replay finds nothing), passport-saml
 * verifies the signatures with the certificates of the identity provider we asked, and SPID's checks then
 * read the Response envelope and the assertion passport-saml verified.
 */
export async function acceptSamlResponse(deps: SamlDeps, tenant: Tenant, samlResponse: unknown): Promise<AcceptedResponse> {
  if (typeof samlResponse !== 'string' || !samlResponse) refuse('MALFORMED', 'no SAMLResponse');
  const response = parseOrRefuse(Buffer.from(samlResponse, 'base64').toString('utf8'));
  const requestId = attributeOf(response, 'InResponseTo');
  if (!requestId) refuse('UNKNOWN_REQUEST', 'Response without InResponseTo');
  const now = deps.clock.now();
  const request = await claimPendingRequest(deps.prisma, tenant.id, requestId, now);
  if (!request || request.kind !== 'AUTHN') refuse('UNKNOWN_REQUEST', 'InResponseTo names no pending request of ours');
  const idp = await deps.identityProviders.find(request.federation, request.idpEntityId);
  if (!idp) refuse('UNKNOWN_IDP', 'the identity provider we asked is no longer configured');

  const status = childAt(response, NS.protocol, 'Status', 'StatusCode');
  if (attributeOf(status, 'Value') !== STATUS_SUCCESS) {
    if (childElements(response, NS.assertion, 'Assertion').length) refuse('STATUS', 'error Status carrying an assertion');
    const code = idpErrorCodeFrom(textOf(childAt(response, NS.protocol, 'Status', 'StatusMessage')));
    throw new SamlLoginError('IDP_ERROR', `identity provider answered ${attributeOf(status, 'Value') ?? 'no status'}`, code);
  }

  const sp = await currentServiceProvider(deps.prisma, tenant, request.federation, deps.config);
  const client = samlClientFor({
    sp,
    idp,
    cacheProvider: claimedRequestCache(request),
    clock: deps.clock,
    responseSigned: childElements(response, NS.dsig, 'Signature').length > 0,
  });
  let assertionXml: string;
  try {
    const { profile } = await client.validatePostResponseAsync({ SAMLResponse: samlResponse });
    assertionXml = profile?.getAssertionXml?.() ?? refuse('MALFORMED', 'no assertion');
  } catch (error) {
    if (error instanceof SamlLoginError) throw error;
    const message = (error as Error).message ?? String(error);
    throw new SamlLoginError(reasonForLibraryError(message), message);
  }

  const expectations: ResponseExpectations = {
    federation: request.federation,
    idpEntityId: idp.entityId,
    spEntityId: sp.entityId,
    acsUrl: sp.acsUrl,
    requestId: request.requestId,
    requestIssuedAt: request.issuedAt,
    requestedLevel: request.level,
    now,
  };
  checkResponseEnvelope(response, expectations);
  const identity = checkAssertion(parseOrRefuse(assertionXml), expectations);
  return { identity, idp, request };
}
