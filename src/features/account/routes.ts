import express, { type RequestHandler, type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { homePathFor } from '../../auth/guards.ts';
import { isCitizen } from '../../auth/session-auth.ts';
import { changePasswordSchema } from '../../auth/local/schemas.ts';
import { changePassword } from '../../auth/local/service.ts';
import { NotFoundError } from '../../web/errors.ts';
import { formError, noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { flash } from '../../web/view-locals.ts';
import { parentFrame } from '../family/page.ts';

/** Only username/password accounts have a password to change; SPID/CIE users change it at their provider. */
function requireLocalAccount(): RequestHandler {
  return (req, res, next) => {
    const auth = res.locals.auth;
    if (!auth) {
      req.session.returnTo = req.originalUrl;
      return res.redirect(`/${res.locals.tenant.slug}/accedi`);
    }
    if (!auth.accountId) throw new NotFoundError();
    next();
  };
}

function render(res: Response, status: number, errors: FormErrors = noErrors) {
  const { t, tenant, auth } = res.locals;
  const title = t('account.title');
  // staff: "<their area> / Cambio password", their area being where they land after logging in
  const frame = isCitizen(auth)
    ? parentFrame(res, 'support', title)
    : { title, breadcrumb: [{ label: t(`account.staffArea.${auth!.role}`), href: homePathFor(auth!, tenant.slug) }, { label: title }] };
  // Passwords are never sent back to the page, not even after an error.
  res.status(status).render('account/password', { ...frame, errors, mustChange: !!auth?.mustChangePassword });
}

export function accountRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  router.use(requireLocalAccount());

  router.get('/', (_req, res) => render(res, 200));

  router.post('/', async (req, res) => {
    const { auth, t, tenant } = res.locals;
    const form = parseForm(changePasswordSchema, req.body);
    if (!form.ok) return render(res, 422, form.errors);
    const outcome = await changePassword(prisma, {
      tenantId: tenant.id,
      accountId: auth!.accountId!,
      currentPassword: form.data.currentPassword,
      newPassword: form.data.newPassword,
      now: clock.now(),
    });
    if (outcome === 'WRONG_CURRENT') return render(res, 422, formError('currentPassword', t('account.wrongCurrent')));
    if (outcome === 'SAME_AS_CURRENT') return render(res, 422, formError('newPassword', t('account.sameAsCurrent')));
    flash(req, 'success', t('account.changed'));
    if (req.session.auth?.mustChangePassword) {
      req.session.auth.mustChangePassword = false;
      return res.redirect(homePathFor(req.session.auth, tenant.slug));
    }
    res.redirect(`/${tenant.slug}/cambio-password`);
  });

  return router;
}
