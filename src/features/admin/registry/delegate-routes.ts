import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { parseForm } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { DELEGATE_SORTS, listDelegates, revokeDelegate, updateDelegate } from './delegates.ts';
import { delegateSchema, listQuery } from './schemas.ts';
import { delegateOf, fullName, registryPaths } from './scope.ts';
import { actionThenBack, blankForm, context, listHref, refusedForm, registryCrumbs, type FormState } from './web.ts';

type IdRequest = Request<{ id: string }>;

/** /admin/anagrafica/delegati — every family's delegates; added from the family page, edited and revoked here. */
export function delegateRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });
  const base = (res: Response) => `${registryPaths.base(res.locals.tenant.slug)}/delegati`;

  router.get('/', async (req, res) => {
    const query = listQuery(req.query, DELEGATE_SORTS);
    const { t } = res.locals;
    res.render('admin/registry/delegates', {
      title: t('adminRegistry.delegates.title'),
      breadcrumb: registryCrumbs(res, t('adminRegistry.delegates.title')),
      section: 'delegati',
      query,
      sorts: DELEGATE_SORTS,
      list: await listDelegates(prisma, res.locals.tenant.id, query),
      hrefFor: listHref(base(res), query),
      paths: registryPaths,
    });
  });

  const renderDelegate = async (res: Response, status: number, id: string, form?: FormState) => {
    const delegate = await delegateOf(prisma, res.locals.tenant.id, id);
    const { t } = res.locals;
    res.status(status).render('admin/registry/delegate', {
      title: t('adminRegistry.delegates.editTitle', { name: fullName(delegate) }),
      breadcrumb: registryCrumbs(res, { label: t('adminRegistry.delegates.title'), href: base(res) }, fullName(delegate)),
      delegate,
      form: form ?? blankForm({ ...delegate }),
      paths: registryPaths,
    });
  };

  router.get('/:id', (req: IdRequest, res) => renderDelegate(res, 200, req.params.id));

  router.post('/:id', async (req: IdRequest, res) => {
    const form = parseForm(delegateSchema, req.body);
    if (!form.ok) return renderDelegate(res, 422, req.params.id, form);
    const { tenant, actor } = context(res);
    try {
      await updateDelegate(prisma, tenant, actor, req.params.id, form.data);
      flash(req, 'success', res.locals.t('adminRegistry.saved'));
      res.redirect(303, registryPaths.delegate(tenant.slug, req.params.id));
    } catch (error) {
      await renderDelegate(res, 422, req.params.id, refusedForm(error, req.body));
    }
  });

  router.post('/:id/revoca', (req: IdRequest, res) => {
    const { tenant, actor } = context(res);
    return actionThenBack(req, res, registryPaths.delegate(tenant.slug, req.params.id), async () => {
      const delegate = await revokeDelegate(prisma, tenant, actor, req.params.id, clock.now());
      return { message: res.locals.t('adminRegistry.delegates.revoked'), to: registryPaths.guardian(tenant.slug, delegate.guardianId) };
    });
  });

  return router;
}
