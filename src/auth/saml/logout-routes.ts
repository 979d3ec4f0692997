import { inflateRawSync } from 'node:zlib';
import express, { type Request, type Response, type Router } from 'express';
import type { Profile } from '@node-saml/passport-saml';
import { actorOf, recordAudit } from '../../audit.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { destroySession } from '../../web/session.ts';
import type { SamlDeps } from './assertion-consumer.ts';
import type { Federation, IdentityProvider } from './identity-providers.ts';
import { PostgresRequestCache, claimPendingRequest, claimedRequestCache, newPendingRequest } from './request-store.ts';
import { samlClientFor, type Binding } from './saml-client.ts';
import { currentServiceProvider } from './service-provider.ts';
import { NS, STATUS_SUCCESS, attributeOf, childAt, firstChild, parseUntrustedXml, textOf, type XmlElement } from './xml.ts';

class SloRefusedError extends Error {
  override name = 'SloRefusedError';
}

function messageOf(req: Request, binding: Binding, kind: 'SAMLRequest' | 'SAMLResponse'): XmlElement | null {
  const source = (binding === 'redirect' ? req.query : req.body) as Record<string, unknown> | undefined;
  const encoded = source?.[kind];
  if (typeof encoded !== 'string' || !encoded) return null;
  const bytes = Buffer.from(encoded, 'base64');
  const xml = binding === 'redirect' ? inflateRawSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseUntrustedXml(xml).documentElement;
}

function rawQueryOf(req: Request): string {
  return req.originalUrl.split('?')[1] ?? '';
}

/** passport-saml accepts a Redirect-binding message with no signature at all; SPID wants every one signed. */
function requireRedirectSignature(req: Request, binding: Binding): void {
  if (binding === 'redirect' && typeof req.query.Signature !== 'string') throw new SloRefusedError('unsigned Redirect message');
}

function checkDestination(message: XmlElement, sloUrl: string): void {
  if (attributeOf(message, 'Destination') !== sloUrl) throw new SloRefusedError('Destination is not our SLO endpoint');
}

/**
 * Single Logout. Ours (the "Esci" button): the session ends here at once, then a signed LogoutRequest goes to
 * the identity provider, whose LogoutResponse comes back to /saml/slo. The identity provider's: a signed
 * LogoutRequest arrives at /saml/slo, every session it names ends, and a signed LogoutResponse goes back.
 */
export function logoutRoutes(deps: SamlDeps): Router {
  const { config, prisma, clock, identityProviders, logger } = deps;
  const router = express.Router();

  router.post('/saml/logout', async (req, res) => {
    const tenant = res.locals.tenant;
    const auth = res.locals.auth;
    const landing = `/${tenant.slug}/`;
    if (!auth) return res.redirect(landing);
    await prisma.$transaction((tx) =>
      recordAudit(tx, { tenantId: tenant.id, actor: actorOf(auth), action: 'LOGOUT', details: { method: auth.via, initiatedBy: 'USER' } }),
    );
    await destroySession(req);
    res.clearCookie('ss.sid', { path: '/' });
    const federation = auth.via === 'LOCAL' ? null : auth.via;
    const idp = federation && auth.saml ? await identityProviders.find(federation, auth.saml.idp) : null;
    if (!federation || !auth.saml || !idp?.sloRedirectUrl) return res.redirect(landing);
    const sp = await currentServiceProvider(prisma, tenant, federation, config);
    const { relayState, cacheProvider } = newPendingRequest(prisma, tenant.id, clock, {
      kind: 'LOGOUT',
      federation,
      idpEntityId: idp.entityId,
      level: sp.level,
      returnTo: null,
    });
    const client = samlClientFor({ sp, idp, cacheProvider, clock, purpose: 'logout-request' });
    const user = {
      issuer: idp.entityId,
      nameID: auth.saml.nameId,
      nameIDFormat: auth.saml.nameIdFormat,
      nameQualifier: auth.saml.nameQualifier ?? undefined,
      sessionIndex: auth.saml.sessionIndex ?? undefined,
    } as Profile;
    res.redirect(await client.getLogoutUrlAsync(user, relayState, {}));
  });

  /** The identity provider's answer to our LogoutRequest. The local session is already gone either way. */
  async function finishOurLogout(req: Request, res: Response, tenant: Tenant, binding: Binding, response: XmlElement): Promise<void> {
    const request = await claimPendingRequest(prisma, tenant.id, attributeOf(response, 'InResponseTo') ?? '', clock.now());
    if (!request || request.kind !== 'LOGOUT') throw new SloRefusedError('LogoutResponse to no pending LogoutRequest');
    const idp = await identityProviders.find(request.federation, request.idpEntityId);
    if (!idp) throw new SloRefusedError('identity provider no longer configured');
    const sp = await currentServiceProvider(prisma, tenant, request.federation, config);
    const client = samlClientFor({ sp, idp, cacheProvider: claimedRequestCache(request), clock, purpose: 'logout-request' });
    requireRedirectSignature(req, binding);
    if (binding === 'redirect') await client.validateRedirectAsync(req.query, rawQueryOf(req));
    else await client.validatePostResponseAsync(req.body as Record<string, string>);
    checkDestination(response, sp.sloUrl);
    if (textOf(firstChild(response, NS.assertion, 'Issuer')) !== idp.entityId)
      throw new SloRefusedError('LogoutResponse from another issuer');
    if (attributeOf(childAt(response, NS.protocol, 'Status', 'StatusCode'), 'Value') !== STATUS_SUCCESS) {
      throw new SloRefusedError('identity provider did not log out');
    }
    res.redirect(`/${tenant.slug}/`);
  }

  /** Sessions of this Comune opened by this identity provider for this NameID end, wherever they are. */
  async function endSessionsOf(tenant: Tenant, idp: IdentityProvider, nameId: string): Promise<number> {
    return prisma.$transaction(async (tx) => {
      const ended = await tx.$queryRaw<{ sid: string }[]>`
        DELETE FROM "session"
        WHERE sess::jsonb #>> '{auth,tenantId}' = ${tenant.id}
          AND sess::jsonb #>> '{auth,saml,idp}' = ${idp.entityId}
          AND sess::jsonb #>> '{auth,saml,nameId}' = ${nameId}
        RETURNING sid`;
      await recordAudit(tx, {
        tenantId: tenant.id,
        actor: { kind: 'SYSTEM', id: null, label: idp.entityId },
        action: 'LOGOUT',
        details: { method: idp.federation, initiatedBy: 'IDP', sessions: ended.length },
      });
      return ended.length;
    });
  }

  async function findIssuer(message: XmlElement): Promise<IdentityProvider | null> {
    const issuer = textOf(firstChild(message, NS.assertion, 'Issuer'));
    for (const federation of ['SPID', 'CIE'] as Federation[]) {
      const idp = await identityProviders.find(federation, issuer);
      if (idp) return idp;
    }
    return null;
  }

  /** An identity provider asks us to end a session (the user logged out elsewhere). */
  async function answerIdpLogout(req: Request, res: Response, tenant: Tenant, binding: Binding, message: XmlElement): Promise<void> {
    const idp = await findIssuer(message);
    if (!idp?.sloResponseRedirectUrl) throw new SloRefusedError('LogoutRequest from an unknown identity provider');
    const sp = await currentServiceProvider(prisma, tenant, idp.federation, config);
    const client = samlClientFor({
      sp,
      idp,
      cacheProvider: new PostgresRequestCache(prisma, tenant.id, clock, null),
      clock,
      purpose: 'logout-response',
    });
    requireRedirectSignature(req, binding);
    const { profile } =
      binding === 'redirect'
        ? await client.validateRedirectAsync(req.query, rawQueryOf(req))
        : await client.validatePostRequestAsync(req.body as Record<string, string>);
    checkDestination(message, sp.sloUrl);
    if (!profile?.nameID) throw new SloRefusedError('LogoutRequest without NameID');
    await endSessionsOf(tenant, idp, profile.nameID);
    if (req.session?.auth?.saml?.nameId === profile.nameID) await destroySession(req);
    const relayState = (binding === 'redirect' ? req.query : (req.body as Record<string, unknown>)).RelayState;
    res.redirect(await client.getLogoutResponseUrlAsync(profile, typeof relayState === 'string' ? relayState : '', {}, true));
  }

  async function singleLogout(req: Request, res: Response, binding: Binding): Promise<void> {
    const tenant = res.locals.tenant;
    let answering: 'OUR_LOGOUT' | 'IDP_LOGOUT' | null = null;
    try {
      const response = messageOf(req, binding, 'SAMLResponse');
      if (response?.localName === 'LogoutResponse') {
        answering = 'OUR_LOGOUT';
        return await finishOurLogout(req, res, tenant, binding, response);
      }
      const request = messageOf(req, binding, 'SAMLRequest');
      if (request?.localName === 'LogoutRequest') {
        answering = 'IDP_LOGOUT';
        return await answerIdpLogout(req, res, tenant, binding, request);
      }
      throw new SloRefusedError('no LogoutRequest or LogoutResponse');
    } catch (error) {
      logger.warn({ err: error, answering }, 'single logout message refused');
      res.status(400).render('errors/refused', {
        title: answering === 'OUR_LOGOUT' ? 'Sei uscito dal servizio' : 'Uscita non completata',
        message:
          answering === 'OUR_LOGOUT'
            ? 'Sei uscito da questo servizio, ma il gestore della tua identità digitale non ha confermato l’uscita: chiudi il browser per terminare anche la sessione presso di lui.'
            : 'La richiesta di uscita ricevuta non è valida e non è stata eseguita.',
      });
    }
  }

  router.get('/saml/slo', (req, res) => singleLogout(req, res, 'redirect'));
  router.post('/saml/slo', (req, res) => singleLogout(req, res, 'post'));
  return router;
}
