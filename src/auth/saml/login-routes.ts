import express, { type Request, type Response, type Router } from 'express';
import type { Tenant } from '../../generated/prisma/client.ts';
import { regenerateSession } from '../../web/session.ts';
import { homePathFor } from '../guards.ts';
import { safeReturnPath } from '../routes.ts';
import { acceptSamlResponse, type SamlDeps } from './assertion-consumer.ts';
import { renderAutoPost } from './auto-post.ts';
import { idpErrorPage } from './idp-errors.ts';
import type { Federation, IdentityProvider } from './identity-providers.ts';
import { SamlLoginError } from './login-errors.ts';
import { newPendingRequest, pruneExpiredSamlRows } from './request-store.ts';
import { samlClientFor } from './saml-client.ts';
import { currentServiceProvider } from './service-provider.ts';
import { admitToTenant, consumeAssertion, recordLoginFailure } from './who-gets-in.ts';

const PRUNE_EVERY_MS = 10 * 60_000;

/** "Entra con SPID" / "Entra con CIE" (the AuthnRequest) and the Assertion Consumer Service. */
export function loginRoutes(deps: SamlDeps): Router {
  const { config, prisma, clock, identityProviders } = deps;
  const router = express.Router();
  let prunedAt = 0;

  async function startLogin(req: Request, res: Response, federation: Federation, idp: IdentityProvider): Promise<void> {
    const tenant = res.locals.tenant;
    if (clock.now().getTime() - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = clock.now().getTime();
      await pruneExpiredSamlRows(prisma, clock.now());
    }
    const sp = await currentServiceProvider(prisma, tenant, federation, config);
    const { relayState, cacheProvider } = newPendingRequest(prisma, tenant.id, clock, {
      kind: 'AUTHN',
      federation,
      idpEntityId: idp.entityId,
      level: sp.level,
      returnTo: safeReturnPath(req.session?.returnTo, tenant.slug),
    });
    const binding = idp.ssoRedirectUrl ? 'redirect' : 'post';
    const client = samlClientFor({ sp, idp, cacheProvider, clock, binding });
    if (binding === 'redirect') return res.redirect(await client.getAuthorizeUrlAsync(relayState, undefined, {}));
    const message = await client.getAuthorizeMessageAsync(relayState);
    renderAutoPost(res, idp.ssoPostUrl!, message as Record<string, string>);
  }

  router.get('/saml/spid', async (req, res) => {
    const idp = await identityProviders.find('SPID', typeof req.query.idp === 'string' ? req.query.idp : '');
    if (!idp) return res.redirect(`/${res.locals.tenant.slug}/accedi`);
    await startLogin(req, res, 'SPID', idp);
  });

  router.get('/saml/cie', async (req, res) => {
    const idp = await identityProviders.cie();
    if (!idp) return res.redirect(`/${res.locals.tenant.slug}/accedi`);
    await startLogin(req, res, 'CIE', idp);
  });

  router.post('/saml/acs', async (req, res) => {
    const tenant = res.locals.tenant;
    const body = (req.body ?? {}) as { SAMLResponse?: unknown; RelayState?: unknown };
    let accepted: Awaited<ReturnType<typeof acceptSamlResponse>> | undefined;
    try {
      accepted = await acceptSamlResponse(deps, tenant, body.SAMLResponse);
      await consumeAssertion(prisma, tenant.id, accepted.identity);
    } catch (error) {
      if (!(error instanceof SamlLoginError)) throw error;
      await recordLoginFailure(prisma, {
        tenantId: tenant.id,
        error,
        fiscalCode: accepted?.identity.fiscalCode ?? null,
        idp: accepted?.idp ?? null,
      });
      return renderLoginFailure(res, tenant, error);
    }
    const { identity, idp, request } = accepted;
    const auth = await admitToTenant(prisma, { tenant, identity, idp, now: clock.now() });
    if (!auth) {
      return res.status(403).render('auth/saml/not-admitted', { title: res.locals.t('login.notAdmitted.title') });
    }
    await regenerateSession(req);
    delete req.session.returnTo;
    req.session.auth = auth;
    const returnTo = request.relayState === body.RelayState ? safeReturnPath(request.returnTo ?? undefined, tenant.slug) : null;
    res.redirect(returnTo ?? homePathFor(auth, tenant.slug));
  });

  return router;
}

function renderLoginFailure(res: Response, tenant: Tenant, error: SamlLoginError): void {
  const { t } = res.locals;
  const page =
    error.reason === 'IDP_ERROR'
      ? idpErrorPage(error.idpErrorCode, t)
      : { code: null, title: t('login.idpErrors.generic.title'), message: t('login.failed.invalidResponse') };
  res.status(error.reason === 'IDP_ERROR' ? 401 : 403).render('auth/saml/login-failed', {
    ...page,
    loginPath: `/${tenant.slug}/accedi`,
  });
}
