import { SAML, ValidateInResponseTo, type CacheProvider, type Profile, type SamlConfig } from '@node-saml/passport-saml';
import type { Clock } from '../../domain/clock.ts';
import type { IdentityProvider } from './identity-providers.ts';
import { levelUri } from './levels.ts';
import { REQUEST_LIFETIME_MS } from './request-store.ts';
import { messageId, patchAuthnRequest, patchLogoutRequest, patchLogoutResponse } from './request-patching.ts';
import type { ServiceProvider } from './service-provider.ts';
import { NAMEID_FORMAT } from './xml.ts';
import { signElementById } from './xml-signature.ts';

export type Binding = 'redirect' | 'post';

/** Our only AssertionConsumerService and AttributeConsumingService, index 0 in both metadata documents. */
export const ACS_INDEX = 0;
export const ATTRIBUTE_SET_INDEX = 0;

/**
 * passport-saml's SAML engine with SPID's request format: every message it writes is patched (see
 * request-patching.ts) before being signed, and stamped with the app's clock.
 */
class SpidSamlClient extends SAML {
  constructor(
    config: SamlConfig,
    private readonly sp: ServiceProvider,
    private readonly clock: Clock,
    private readonly logoutResponseDestination: string,
  ) {
    super(config);
  }

  private instant(): string {
    return this.clock.now().toISOString();
  }

  protected override async generateAuthorizeRequestAsync(
    this: SpidSamlClient,
    isPassive: boolean,
    isHttpPostBinding: boolean,
  ): Promise<string> {
    const unsigned = await super.generateAuthorizeRequestAsync(isPassive, false);
    const patched = patchAuthnRequest(unsigned, {
      entityId: this.sp.entityId,
      issueInstant: this.instant(),
      assertionConsumerServiceIndex: ACS_INDEX,
    });
    // The Redirect binding signs the query string instead (passport-saml does that after this returns).
    return isHttpPostBinding ? signElementById(patched, messageId(patched), this.sp.credentials, 'afterIssuer') : patched;
  }

  override async _generateLogoutRequest(this: SpidSamlClient, user: Profile): Promise<string> {
    return patchLogoutRequest(await super._generateLogoutRequest(user), { entityId: this.sp.entityId, issueInstant: this.instant() });
  }

  override _generateLogoutResponse(this: SpidSamlClient, logoutRequest: Profile, success: boolean): string {
    return patchLogoutResponse(super._generateLogoutResponse(logoutRequest, success), {
      entityId: this.sp.entityId,
      issueInstant: this.instant(),
      destination: this.logoutResponseDestination,
    });
  }
}

export type SamlClient = SpidSamlClient;

/**
 * The SPID and CIE "strategies": passport-saml options for one Service Provider talking to one identity provider.
 * Differences between the two federations: CIE always forces authentication.
 */
export function samlClientFor(input: {
  sp: ServiceProvider;
  idp: IdentityProvider;
  cacheProvider: CacheProvider;
  clock: Clock;
  binding?: Binding;
  /** For LogoutRequests and LogoutResponses, which go to the identity provider's SLO endpoint. */
  purpose?: 'login' | 'logout-request' | 'logout-response';
  /** A Response that carries its own signature must have a valid one (SPID only makes it optional). */
  responseSigned?: boolean;
}): SamlClient {
  const { sp, idp } = input;
  const binding = input.binding ?? 'redirect';
  const entryPoint = (binding === 'post' ? idp.ssoPostUrl : idp.ssoRedirectUrl) ?? idp.ssoRedirectUrl ?? idp.ssoPostUrl ?? undefined;
  const logoutUrl = input.purpose === 'logout-response' ? idp.sloResponseRedirectUrl : idp.sloRedirectUrl;
  const config: SamlConfig = {
    callbackUrl: sp.acsUrl,
    issuer: sp.entityId,
    audience: sp.entityId,
    idpCert: idp.certificates,
    idpIssuer: idp.entityId,
    entryPoint,
    logoutUrl: logoutUrl ?? undefined,
    privateKey: sp.credentials.privateKeyPem,
    publicCert: sp.credentials.certificatePem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    identifierFormat: NAMEID_FORMAT.transient,
    authnContext: [levelUri(sp.level)],
    // "minimum": a higher level than asked is fine; a lower one is refused by our checks.
    racComparison: 'minimum',
    forceAuthn: sp.federation === 'CIE' || sp.level >= 2,
    attributeConsumingServiceIndex: String(ATTRIBUTE_SET_INDEX),
    allowCreate: false,
    wantAssertionsSigned: true,
    // SPID makes the Response's own signature optional; the Assertion's is required (above).
    wantAuthnResponseSigned: input.responseSigned ?? false,
    validateInResponseTo: ValidateInResponseTo.always,
    cacheProvider: input.cacheProvider,
    requestIdExpirationPeriodMs: REQUEST_LIFETIME_MS,
    // passport-saml reads the system clock; every time check is ours, against the app's injectable clock.
    acceptedClockSkewMs: -1,
    skipRequestCompression: binding === 'post',
  };
  return new SpidSamlClient(config, sp, input.clock, idp.sloResponseRedirectUrl ?? '');
}
