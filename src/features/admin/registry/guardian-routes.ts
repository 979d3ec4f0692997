import express, { type Response, type Router } from 'express';
import { isResendable, notificationHistory, resendNotification } from '../../notifications/service.ts';
import { dispatchNotifications } from '../../notifications/outbox.ts';
import type { AppDeps } from '../../../deps.ts';
import { romeDateOf } from '../../../domain/dates.ts';
import { familyArrears } from '../arrears/index.ts';
import { parseForm } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { addDelegate } from './delegates.ts';
import { createGuardian, deleteGuardian, familyOf, GUARDIAN_SORTS, listGuardians, setGuardianActive, updateGuardian } from './guardians.ts';
import { delegateSchema, guardianSchema, listQuery, studentSchema } from './schemas.ts';
import { fullName, guardianOf, registryPaths } from './scope.ts';
import { createStudent } from './students.ts';
import { createMandate, revokeMandate } from '../../sdd/mandates.ts';
import { mandateSchema } from '../../sdd/schemas.ts';
import { mismatchWarning, renderStudentForm } from './student-routes.ts';
import { actionThenBack, blankForm, context, listHref, refusedForm, registryCrumbs, type FormState } from './web.ts';

type IdRequest = express.Request<{ id: string }>;

const GUARDIAN_DEFAULTS = { paymentMethod: 'PAGOPA', invoiceDelivery: 'PORTAL' };

/** /admin/anagrafica/intestatari — families: the intestatario, the children, the delegates. */
export function guardianRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });
  const base = (res: Response) => `${registryPaths.base(res.locals.tenant.slug)}/intestatari`;

  router.get('/', async (req, res) => {
    const query = listQuery(req.query, GUARDIAN_SORTS);
    const { t } = res.locals;
    res.render('admin/registry/guardians', {
      title: t('adminRegistry.guardians.title'),
      breadcrumb: registryCrumbs(res, t('adminRegistry.guardians.title')),
      section: 'intestatari',
      query,
      sorts: GUARDIAN_SORTS,
      list: await listGuardians(prisma, res.locals.tenant.id, query),
      hrefFor: listHref(base(res), query),
    });
  });

  const renderForm = (res: Response, status: number, form: FormState, guardian?: { id: string; firstName: string; lastName: string }) => {
    const { t } = res.locals;
    const title = guardian
      ? t('adminRegistry.guardianForm.editTitle', { name: fullName(guardian) })
      : t('adminRegistry.guardianForm.newTitle');
    res.status(status).render('admin/registry/guardian-form', {
      title,
      breadcrumb: registryCrumbs(res, { label: t('adminRegistry.guardians.title'), href: base(res) }, title),
      form,
      action: guardian ? `${registryPaths.guardian(res.locals.tenant.slug, guardian.id)}/modifica` : base(res),
      cancel: guardian ? registryPaths.guardian(res.locals.tenant.slug, guardian.id) : base(res),
    });
  };

  router.get('/nuovo', (_req, res) => renderForm(res, 200, blankForm(GUARDIAN_DEFAULTS)));

  router.post('/', async (req, res) => {
    const form = parseForm(guardianSchema, req.body);
    if (!form.ok) return renderForm(res, 422, form);
    const { tenant, actor } = context(res);
    try {
      const guardian = await createGuardian(prisma, tenant, actor, form.data);
      flash(req, 'success', res.locals.t('adminRegistry.guardianForm.created'));
      res.redirect(303, registryPaths.guardian(tenant.slug, guardian.id));
    } catch (error) {
      renderForm(res, 422, refusedForm(error, req.body));
    }
  });

  const renderFamily = async (res: Response, status: number, id: string, forms: { delegate?: FormState; mandate?: FormState } = {}) => {
    const family = await familyOf(prisma, res.locals.tenant.id, id);
    const [notifications, arrears] = await Promise.all([
      notificationHistory(prisma, res.locals.tenant.id, id),
      familyArrears(prisma, res.locals.tenant.id, family.guardian.id, romeDateOf(clock.now())),
    ]);
    const { t } = res.locals;
    const title = t('adminRegistry.family.title', { name: fullName(family.guardian) });
    res.status(status).render('admin/registry/guardian', {
      title,
      breadcrumb: registryCrumbs(res, { label: t('adminRegistry.guardians.title'), href: base(res) }, fullName(family.guardian)),
      ...family,
      notifications,
      isResendable,
      arrears,
      delegateForm: forms.delegate ?? blankForm(),
      mandateForm: forms.mandate ?? blankForm({ debtorName: fullName(family.guardian) }),
      paths: registryPaths,
    });
  };

  router.get('/:id', (req: IdRequest, res) => renderFamily(res, 200, req.params.id));

  router.get('/:id/modifica', async (req: IdRequest, res) => {
    const guardian = await guardianOf(prisma, res.locals.tenant.id, req.params.id);
    renderForm(res, 200, blankForm({ ...guardian, isCompany: guardian.isCompany ? 'on' : '' }), guardian);
  });

  router.post('/:id/modifica', async (req: IdRequest, res) => {
    const guardian = await guardianOf(prisma, res.locals.tenant.id, req.params.id);
    const form = parseForm(guardianSchema, req.body);
    if (!form.ok) return renderForm(res, 422, form, guardian);
    const { tenant, actor } = context(res);
    try {
      await updateGuardian(prisma, tenant, actor, guardian.id, form.data);
      flash(req, 'success', res.locals.t('adminRegistry.saved'));
      res.redirect(303, registryPaths.guardian(tenant.slug, guardian.id));
    } catch (error) {
      renderForm(res, 422, refusedForm(error, req.body), guardian);
    }
  });

  for (const [action, active] of [
    ['disattiva', false],
    ['riattiva', true],
  ] as const) {
    router.post(`/:id/${action}`, (req: IdRequest, res) => {
      const { tenant, actor } = context(res);
      return actionThenBack(req, res, registryPaths.guardian(tenant.slug, req.params.id), async () => {
        await setGuardianActive(prisma, tenant, actor, req.params.id, active, clock.now());
        return { message: res.locals.t(active ? 'adminRegistry.reactivated' : 'adminRegistry.deactivated') };
      });
    });
  }

  router.post('/:id/elimina', (req: IdRequest, res) => {
    const { tenant, actor } = context(res);
    return actionThenBack(req, res, registryPaths.guardian(tenant.slug, req.params.id), async () => {
      await deleteGuardian(prisma, tenant, actor, req.params.id);
      return { message: res.locals.t('adminRegistry.deleted'), to: base(res) };
    });
  });

  router.post('/:id/delegati', async (req: IdRequest, res) => {
    const form = parseForm(delegateSchema, req.body);
    if (!form.ok) return renderFamily(res, 422, req.params.id, { delegate: form });
    const { tenant, actor } = context(res);
    try {
      await addDelegate(prisma, tenant, actor, req.params.id, form.data);
      flash(req, 'success', res.locals.t('adminRegistry.delegates.added'));
      res.redirect(303, registryPaths.guardian(tenant.slug, req.params.id));
    } catch (error) {
      await renderFamily(res, 422, req.params.id, { delegate: refusedForm(error, req.body) });
    }
  });

  router.post('/:id/mandati', async (req: IdRequest, res) => {
    const guardian = await guardianOf(prisma, res.locals.tenant.id, req.params.id);
    const form = parseForm(mandateSchema, req.body);
    if (!form.ok) return renderFamily(res, 422, guardian.id, { mandate: form });
    const { tenant, actor } = context(res);
    try {
      await createMandate(prisma, { tenantId: tenant.id, actor, guardianId: guardian.id, now: clock.now(), data: form.data });
      flash(req, 'success', res.locals.t('adminRegistry.mandates.created'));
      res.redirect(303, registryPaths.guardian(tenant.slug, guardian.id));
    } catch (error) {
      await renderFamily(res, 422, guardian.id, { mandate: refusedForm(error, req.body) });
    }
  });

  // The clerk's answer to an uncertain or failed delivery (the family's page lists every attempt).
  router.post('/:id/comunicazioni/:notificationId/reinvia', async (req: express.Request<{ id: string; notificationId: string }>, res) => {
    const guardian = await guardianOf(prisma, res.locals.tenant.id, req.params.id);
    const { tenant, actor } = context(res);
    await actionThenBack(req, res, `${registryPaths.guardian(tenant.slug, guardian.id)}#comunicazioni`, async () => {
      await resendNotification(prisma, tenant.id, actor, guardian.id, req.params.notificationId, clock.now());
      await dispatchNotifications(deps.jobs, tenant.id);
      return { message: res.locals.t('adminRegistry.notifications.resent') };
    });
  });

  router.post('/:id/mandati/:mandateId/revoca', async (req: express.Request<{ id: string; mandateId: string }>, res) => {
    const guardian = await guardianOf(prisma, res.locals.tenant.id, req.params.id);
    const { tenant, actor } = context(res);
    await actionThenBack(req, res, registryPaths.guardian(tenant.slug, guardian.id), async () => {
      await revokeMandate(prisma, {
        tenantId: tenant.id,
        actor,
        guardianId: guardian.id,
        mandateId: req.params.mandateId,
        now: clock.now(),
      });
      return { message: res.locals.t('adminRegistry.mandates.revoked') };
    });
  });

  /** A new child of this family: the residence starts as the intestatario's. */
  router.get('/:id/alunni/nuovo', async (req: IdRequest, res) => {
    const guardian = await guardianOf(prisma, res.locals.tenant.id, req.params.id);
    const { residenceStreet, residenceCity, residenceZip, residenceProv } = guardian;
    const values = { lastName: guardian.isCompany ? '' : guardian.lastName, residenceStreet, residenceCity, residenceZip, residenceProv };
    await renderStudentForm(prisma, res, 200, blankForm(values), { guardian });
  });

  router.post('/:id/alunni', async (req: IdRequest, res) => {
    const guardian = await guardianOf(prisma, res.locals.tenant.id, req.params.id);
    const form = parseForm(studentSchema, req.body);
    if (!form.ok) return renderStudentForm(prisma, res, 422, form, { guardian });
    const { tenant, actor } = context(res);
    try {
      const { student, mismatches } = await createStudent(prisma, tenant, actor, guardian.id, form.data);
      flash(req, 'success', res.locals.t('adminRegistry.studentForm.created', { name: fullName(student) }));
      mismatchWarning(req, res, mismatches);
      res.redirect(303, registryPaths.guardian(tenant.slug, guardian.id));
    } catch (error) {
      await renderStudentForm(prisma, res, 422, refusedForm(error, req.body), { guardian });
    }
  });

  return router;
}
