import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { flash } from '../../web/view-locals.ts';
import { formError, noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { parentFrame } from '../family/page.ts';
import { addDelegateSchema } from './schemas.ts';
import { activeDelegates, addDelegate, revokeDelegate } from './service.ts';

type Delegates = Awaited<ReturnType<typeof activeDelegates>>;

function render(res: Response, status: number, delegates: Delegates, values: Record<string, unknown> = {}, errors: FormErrors = noErrors) {
  const { t, tenant } = res.locals;
  res.status(status).render('delegates/index', {
    ...parentFrame(
      res,
      'delegates',
      t('delegates.title'),
      { label: t('registry.title'), href: `/${tenant.slug}/anagrafica` },
      t('delegates.title'),
    ),
    delegates,
    values,
    errors,
  });
}

export function delegatesRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  router.get('/', async (_req, res) => {
    render(res, 200, await activeDelegates(prisma, res.locals.auth!));
  });

  router.post('/', async (req, res) => {
    const auth = res.locals.auth!;
    const form = parseForm(addDelegateSchema, req.body);
    if (!form.ok) return render(res, 422, await activeDelegates(prisma, auth), form.values, form.errors);
    const result = await addDelegate(prisma, auth, form.data);
    if (!result.ok) return render(res, 422, await activeDelegates(prisma, auth), form.data, formError(result.field, result.message));
    flash(req, 'success', res.locals.t('delegates.added', { name: `${form.data.nome} ${form.data.cognome}` }));
    res.redirect(`/${res.locals.tenant.slug}/anagrafica/delegati`);
  });

  router.post('/:delegateId/revoca', async (req, res) => {
    await revokeDelegate(prisma, res.locals.auth!, req.params.delegateId, clock.now());
    flash(req, 'success', res.locals.t('delegates.revoked'));
    res.redirect(`/${res.locals.tenant.slug}/anagrafica/delegati`);
  });

  return router;
}
