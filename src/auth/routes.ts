import express, { type Router } from 'express';
import type { AppDeps } from '../deps.ts';
import { recordAudit, actorOf } from '../audit.ts';
import { parseForm, formError, noErrors } from '../web/forms.ts';
import { schoolServicesCrumbs } from '../web/breadcrumb.ts';
import { destroySession, regenerateSession } from '../web/session.ts';
import { homePathFor } from './guards.ts';
import { localLoginSchema } from './local/schemas.ts';
import { verifyLocalLogin } from './local/service.ts';
import type { SessionAuth } from './session-auth.ts';

/** Only same-site paths of this Comune may be returned to after login. */
export function safeReturnPath(candidate: string | undefined, tenantSlug: string): string | null {
  if (!candidate) return null;
  return candidate.startsWith(`/${tenantSlug}/`) && !candidate.startsWith('//') ? candidate : null;
}

export function authRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router();

  const renderLogin = (res: express.Response, status: number, values: Record<string, unknown>, errors = noErrors) =>
    res.status(status).render('auth/login', {
      title: res.locals.t('login.title'),
      breadcrumb: schoolServicesCrumbs(res.locals.tenant, res.locals.t('login.breadcrumb')),
      values,
      errors,
    });

  router.get('/accedi', (req, res) => {
    if (res.locals.auth) return res.redirect(homePathFor(res.locals.auth, res.locals.tenant.slug));
    renderLogin(res, 200, {});
  });

  router.post('/accedi', async (req, res) => {
    const tenant = res.locals.tenant;
    const form = parseForm(localLoginSchema, req.body);
    if (!form.ok) return renderLogin(res, 422, { username: form.values.username }, form.errors);
    const result = await verifyLocalLogin(prisma, { tenantId: tenant.id, ...form.data, now: clock.now() });
    if (!result.ok) {
      const message = res.locals.t(result.reason === 'LOCKED' ? 'login.locked' : 'login.invalid');
      return renderLogin(res, 401, { username: form.data.username }, formError('username', message));
    }
    const { account } = result;
    const returnTo = safeReturnPath(req.session.returnTo, tenant.slug);
    await regenerateSession(req);
    const auth: SessionAuth = {
      tenantId: tenant.id,
      via: 'LOCAL',
      displayName: account.fullName,
      fiscalCode: account.fiscalCode,
      guardianIds: account.role === 'COMPANY' && account.guardianId ? [account.guardianId] : [],
      ownGuardianId: account.role === 'COMPANY' ? account.guardianId : null,
      accountId: account.id,
      role: account.role,
      mustChangePassword: account.mustChangePassword,
      loginAt: clock.now().getTime(),
      saml: null,
    };
    req.session.auth = auth;
    delete req.session.returnTo;
    if (account.mustChangePassword) return res.redirect(`/${tenant.slug}/cambio-password`);
    res.redirect(returnTo ?? homePathFor(auth, tenant.slug));
  });

  router.post('/esci', async (req, res) => {
    const auth = res.locals.auth;
    const tenant = res.locals.tenant;
    if (auth?.saml) return res.redirect(307, `/${tenant.slug}/saml/logout`);
    if (auth) {
      await prisma.$transaction((tx) =>
        recordAudit(tx, { tenantId: tenant.id, actor: actorOf(auth), action: 'LOGOUT', details: { method: auth.via } }),
      );
    }
    await destroySession(req);
    res.clearCookie('ss.sid', { path: '/' });
    res.redirect(`/${tenant.slug}/`);
  });

  return router;
}
