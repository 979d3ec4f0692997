import express, { type Request, type Response, type Router } from 'express';
import type { z, ZodType } from 'zod';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { formatItalianDate, fromDbDate, romeDateOf } from '../../../domain/dates.ts';
import { formatEuroPlain } from '../../../domain/money.ts';
import { schoolYearOf } from '../../../domain/school-year.ts';
import { formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { currentPrices } from '../../pricing/inputs.ts';
import { areaCrumbs } from '../area-crumbs.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { listHref, listQuery, schoolYearParam } from '../list-query.ts';
import { ENROLLMENT_SORTS, enrollmentEditSchema, newEnrollmentSchema, withdrawalSchema } from './schemas.ts';
import {
  createEnrollment,
  DuplicateEnrollmentError,
  enrollmentFormOptions,
  enrollmentOf,
  enrollmentsList,
  updateEnrollment,
  withdrawEnrollment,
} from './service.ts';

export const ENROLLMENTS_PATH = '/admin/iscrizioni';
type Values = Record<string, unknown>;
type Params = { enrollmentId: string };
type Enrollment = Awaited<ReturnType<typeof enrollmentOf>>;

/** An enrollment's values as the clerk would type them. */
function formValues(e: Enrollment): Values {
  return {
    schoolId: e.schoolId,
    classId: e.classId ?? '',
    mealWeekdays: e.mealWeekdays.map(String),
    isee: e.iseeCents === null ? '' : formatEuroPlain(e.iseeCents),
    dsuProtocol: e.dsuProtocol ?? '',
    exemptionReason: e.exemptionReason ?? '',
    startsOn: fromDbDate(e.startsOn),
    endsOn: e.endsOn ? fromDbDate(e.endsOn) : '',
    dietCode: e.dietCode ?? '',
    dietNote: e.dietNote ?? '',
  };
}

/** Back office "Iscrizioni": per student, service and school year, with the price it gives today. */
export function enrollmentsRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });

  const base = (res: Response) => `/${res.locals.tenant.slug}${ENROLLMENTS_PATH}`;
  const crumbs = (res: Response, ...trail: Parameters<typeof areaCrumbs>[2][]) =>
    areaCrumbs(res, { label: res.locals.t('enrollments.title'), path: '/iscrizioni' }, ...trail);
  const today = () => romeDateOf(clock.now());

  router.get('/', async (req, res) => {
    const tenantId = res.locals.tenant.id;
    const list = listQuery(req.query, ENROLLMENT_SORTS, 'student');
    const anno = schoolYearParam(req.query.anno, schoolYearOf(today()));
    const options = await enrollmentFormOptions(prisma, tenantId);
    const servizio = options.services.find((s) => s.id === req.query.servizio)?.id ?? null;
    const filters = { anno, servizio: servizio ?? '' };
    res.render('admin/enrollments/index', {
      title: res.locals.t('enrollments.title'),
      breadcrumb: crumbs(res),
      enrollments: await enrollmentsList(prisma, tenantId, list, { serviceId: servizio, schoolYear: anno }, today()),
      services: options.services,
      list,
      filters,
      hrefFor: (change: Record<string, string | number>) => listHref(base(res), list, filters, change),
    });
  });

  async function renderNew(
    res: Response,
    status = 200,
    values: Values = {},
    errors: FormErrors = noErrors,
    duplicateId: string | null = null,
  ) {
    const t = res.locals.t;
    res.status(status).render('admin/enrollments/form', {
      title: t('enrollments.newTitle'),
      breadcrumb: crumbs(res, t('enrollments.newTitle')),
      enrollment: null,
      action: base(res),
      ...(await enrollmentFormOptions(prisma, res.locals.tenant.id)),
      values: { schoolYear: schoolYearOf(today()), mealWeekdays: [], ...values },
      errors,
      duplicateId,
    });
  }

  router.get('/nuova', async (req, res) => {
    await renderNew(res, 200, typeof req.query.alunno === 'string' ? { student: req.query.alunno } : {});
  });

  router.post('/', async (req, res) => {
    const form = parseForm(newEnrollmentSchema, req.body);
    if (!form.ok) return renderNew(res, 422, form.values, form.errors);
    try {
      const created = await createEnrollment(prisma, { tenantId: res.locals.tenant.id, form: form.data, actor: actorOf(res.locals.auth!) });
      flash(req, 'success', res.locals.t('enrollments.created'));
      res.redirect(`${base(res)}/${created.id}`);
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      const duplicateId = error instanceof DuplicateEnrollmentError ? error.existingId : null;
      await renderNew(res, 422, typedValues(req.body), formError(error.field, error.userMessage), duplicateId);
    }
  });

  async function renderShow(
    req: Request<Params>,
    res: Response,
    status = 200,
    forms: { edit?: { values: Values; errors: FormErrors }; withdrawal?: { values: Values; errors: FormErrors } } = {},
  ) {
    const tenantId = res.locals.tenant.id;
    const enrollment = await enrollmentOf(prisma, tenantId, req.params.enrollmentId);
    const [price] = await currentPrices(prisma, tenantId, [enrollment], today());
    const name = `${enrollment.student.lastName} ${enrollment.student.firstName}`;
    res.status(status).render('admin/enrollments/form', {
      title: res.locals.t('enrollments.showTitle', { name, service: enrollment.service.name }),
      breadcrumb: crumbs(res, name),
      enrollment,
      price,
      action: `${base(res)}/${enrollment.id}`,
      ...(await enrollmentFormOptions(prisma, tenantId)),
      values: forms.edit?.values ?? formValues(enrollment),
      errors: forms.edit?.errors ?? noErrors,
      withdrawal: forms.withdrawal ?? { values: { withdrawnOn: '' }, errors: noErrors },
      duplicateId: null,
    });
  }

  router.get('/:enrollmentId', (req: Request<Params>, res) => renderShow(req, res));

  /** A form of the enrollment page (edit, withdrawal): parsed, run, and on a refusal the page again with the message. */
  function enrollmentPageForm<S extends ZodType>(
    key: 'edit' | 'withdrawal',
    schema: S,
    run: (input: { tenantId: string; enrollmentId: string; form: z.infer<S>; actor: ReturnType<typeof actorOf> }) => Promise<unknown>,
    done: (res: Response, form: z.infer<S>) => string,
  ) {
    return async (req: Request<Params>, res: Response) => {
      const form = parseForm(schema, req.body);
      if (!form.ok) return renderShow(req, res, 422, { [key]: form });
      try {
        await run({
          tenantId: res.locals.tenant.id,
          enrollmentId: req.params.enrollmentId,
          form: form.data,
          actor: actorOf(res.locals.auth!),
        });
      } catch (error) {
        if (!(error instanceof FieldRuleError)) throw error;
        return renderShow(req, res, 422, { [key]: { values: typedValues(req.body), errors: formError(error.field, error.userMessage) } });
      }
      flash(req, 'success', done(res, form.data));
      res.redirect(`${base(res)}/${req.params.enrollmentId}`);
    };
  }

  router.post(
    '/:enrollmentId',
    enrollmentPageForm(
      'edit',
      enrollmentEditSchema,
      (input) => updateEnrollment(prisma, input),
      (res) => res.locals.t('enrollments.saved'),
    ),
  );
  router.post(
    '/:enrollmentId/ritiro',
    enrollmentPageForm(
      'withdrawal',
      withdrawalSchema,
      (input) => withdrawEnrollment(prisma, input),
      (res, form) => res.locals.t('enrollments.withdrawn', { date: formatItalianDate(form.withdrawnOn) }),
    ),
  );

  return router;
}
