import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { romeDateOf } from '../../../domain/dates.ts';
import { isSchoolYear } from '../../../domain/school-year.ts';
import { ApplicationState, ApplicationType } from '../../../generated/prisma/enums.ts';
import { dayField, FieldRuleError, formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { dispatchNotifications } from '../../notifications/outbox.ts';
import { summaryOf } from '../../pratiche/summary.ts';
import { PRATICA_TYPES } from '../../pratiche/types/index.ts';
import { windowsOf } from '../../pratiche/windows.ts';
import { areaCrumbs } from '../area-crumbs.ts';
import {
  decide,
  enrollmentArrears,
  flaggedEnrollmentFamilies,
  openWindow,
  removeWindow,
  reviewAttachment,
  reviewedApplication,
  reviewQueue,
  takeInReview,
} from './service.ts';

const BASE = '/admin/pratiche';

const windowSchema = z.object({
  type: z.enum(ApplicationType, { error: 'Scegli la pratica.' }),
  schoolYear: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isSchoolYear(v), "L'anno scolastico ha la forma 2027/2028."),
  opensOn: dayField('Indica il primo giorno.'),
  closesOn: dayField("Indica l'ultimo giorno."),
});

const decisionSchema = z.object({
  esito: z.enum(['ACCEPTED', 'REJECTED'], { error: "Scegli l'esito." }),
  motivazione: z
    .string()
    .trim()
    .max(1000, 'Al massimo 1000 caratteri.')
    .optional()
    .transform((v) => v ?? ''),
});

const filterOf = <T extends string>(values: readonly T[], raw: unknown): T | null => values.find((v) => v === raw) ?? null;

export function adminPraticheRoutes({ prisma, clock, jobs }: AppDeps): Router {
  const router = express.Router();
  const crumbs = (res: Response, ...trail: string[]) =>
    areaCrumbs(res, { label: res.locals.t('adminPratiche.title'), path: '/pratiche' }, ...trail);
  const detailPath = (res: Response, id: string) => `/${res.locals.tenant.slug}${BASE}/${id}`;

  router.get('/', async (req, res) => {
    const filters = {
      type: filterOf(Object.values(ApplicationType), req.query.tipo),
      state: filterOf(Object.values(ApplicationState), req.query.stato),
    };
    const applications = await reviewQueue(prisma, res.locals.tenant.id, filters);
    const inArrears = await flaggedEnrollmentFamilies(prisma, res.locals.tenant.id, applications, romeDateOf(clock.now()));
    res.render('admin/pratiche/index', {
      inArrears,
      title: res.locals.t('adminPratiche.title'),
      breadcrumb: crumbs(res),
      applications,
      filters,
      types: PRATICA_TYPES,
    });
  });

  async function renderWindows(res: Response, status: number, form: { values: Record<string, unknown>; errors: FormErrors }) {
    const windows = await windowsOf(prisma, res.locals.tenant.id);
    res.status(status).render('admin/pratiche/windows', {
      title: res.locals.t('adminPratiche.windows.title'),
      breadcrumb: crumbs(res, res.locals.t('adminPratiche.windows.title')),
      windows,
      types: PRATICA_TYPES,
      ...form,
    });
  }

  router.get('/finestre', (_req, res) => renderWindows(res, 200, { values: {}, errors: noErrors }));

  router.post('/finestre', async (req, res) => {
    const form = parseForm(windowSchema, req.body);
    if (!form.ok) return renderWindows(res, 422, form);
    try {
      await openWindow(prisma, { tenantId: res.locals.tenant.id, actor: actorOf(res.locals.auth!), window: form.data });
    } catch (error) {
      if (error instanceof FieldRuleError)
        return renderWindows(res, 422, { values: typedValues(req.body), errors: formError(error.field, error.userMessage) });
      throw error;
    }
    flash(req, 'success', res.locals.t('adminPratiche.windows.opened'));
    res.redirect(`/${res.locals.tenant.slug}${BASE}/finestre`);
  });

  router.post('/finestre/:id/elimina', async (req, res) => {
    await removeWindow(prisma, { tenantId: res.locals.tenant.id, actor: actorOf(res.locals.auth!), id: req.params.id });
    flash(req, 'success', res.locals.t('adminPratiche.windows.removed'));
    res.redirect(`/${res.locals.tenant.slug}${BASE}/finestre`);
  });

  async function renderDetail(
    res: Response,
    id: string,
    status = 200,
    decision: { values: Record<string, unknown>; errors: FormErrors } = { values: {}, errors: noErrors },
  ) {
    const application = await reviewedApplication(prisma, res.locals.tenant.id, id);
    const sections = summaryOf(application.kind, application.payload, application.context, res.locals.t, application.attachments);
    const arrears = await enrollmentArrears(prisma, res.locals.tenant.id, application, romeDateOf(clock.now()));
    res.status(status).render('admin/pratiche/detail', {
      arrears,
      title: res.locals.t('adminPratiche.detailTitle', { number: application.protocolNumber }),
      breadcrumb: crumbs(res, application.protocolNumber ?? ''),
      application,
      sections,
      ...decision,
    });
  }

  router.get('/:id', (req, res) => renderDetail(res, req.params.id));

  router.get('/:id/allegati/:attachmentId', async (req, res) => {
    const file = await reviewAttachment(prisma, res.locals.tenant.id, req.params.id, req.params.attachmentId);
    res.type(file.mimeType).attachment(file.fileName).send(Buffer.from(file.content));
  });

  router.post('/:id/istruttoria', async (req, res) => {
    await takeInReview(prisma, { tenantId: res.locals.tenant.id, id: req.params.id, actor: actorOf(res.locals.auth!), now: clock.now() });
    flash(req, 'success', res.locals.t('adminPratiche.inReview'));
    res.redirect(detailPath(res, req.params.id));
  });

  router.post('/:id/esito', async (req, res) => {
    const form = parseForm(decisionSchema, req.body);
    if (!form.ok) return renderDetail(res, req.params.id, 422, form);
    try {
      await decide(prisma, {
        tenant: res.locals.tenant,
        id: req.params.id,
        actor: actorOf(res.locals.auth!),
        now: clock.now(),
        outcome: form.data.esito,
        reason: form.data.motivazione,
      });
    } catch (error) {
      if (error instanceof FieldRuleError)
        return renderDetail(res, req.params.id, 422, { values: typedValues(req.body), errors: formError(error.field, error.userMessage) });
      throw error;
    }
    await dispatchNotifications(jobs, res.locals.tenant.id);
    flash(req, 'success', res.locals.t(form.data.esito === 'ACCEPTED' ? 'adminPratiche.accepted' : 'adminPratiche.rejected'));
    res.redirect(detailPath(res, req.params.id));
  });

  return router;
}
