import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { romeDateOf } from '../../../domain/dates.ts';
import { schoolYearOf } from '../../../domain/school-year.ts';
import { formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { addClosures, calendarOverview, removeClosures, setMealWeekdays, setServicePeriod } from './calendar-service.ts';
import { canteenCrumbs, schoolPath } from './crumbs.ts';
import {
  closureRangeSchema,
  extraordinaryClosureSchema,
  mealWeekdaysSchema,
  periodSchema,
  removeClosuresSchema,
  schoolYearParam,
  uuidParam,
} from './schemas.ts';
import { FieldRuleError } from '../../../web/forms.ts';

type SchoolParams = { schoolId: string };
type ClassParams = SchoolParams & { classId: string };
type SchoolRequest = express.Request<SchoolParams>;

/** School calendar: service period, closures (ranges and extraordinary), rientro weekdays per class. */
export function calendarRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });

  const yearOf = (query: unknown, body?: unknown): string => {
    const candidate = (body as { schoolYear?: unknown })?.schoolYear ?? (query as { anno?: unknown })?.anno;
    return schoolYearParam.safeParse(candidate).success ? String(candidate) : schoolYearOf(romeDateOf(clock.now()));
  };
  const pagePath = (res: Response, schoolId: string, schoolYear: string) =>
    `${schoolPath(res, schoolId, 'calendario')}?anno=${encodeURIComponent(schoolYear)}`;

  async function render(
    res: Response,
    schoolId: string,
    schoolYear: string,
    status = 200,
    values: Record<string, unknown> = {},
    errors: FormErrors = noErrors,
  ) {
    const t = res.locals.t;
    const overview = await calendarOverview(prisma, res.locals.tenant.id, schoolId, schoolYear);
    res.status(status).render('admin/canteen/calendar', {
      title: t('adminCanteen.calendar.title', { school: overview.school.name }),
      breadcrumb: canteenCrumbs(res, overview.school.name),
      ...overview,
      schoolYear,
      values,
      errors,
    });
  }

  /** Re-renders the page with what was typed and the message of a refused rule, or rethrows. */
  async function refused(res: Response, schoolId: string, schoolYear: string, values: Record<string, unknown>, error: unknown) {
    if (!(error instanceof FieldRuleError)) throw error;
    await render(res, schoolId, schoolYear, 422, values, formError(error.field, error.userMessage));
  }

  router.get('/', async (req: SchoolRequest, res) => {
    await render(res, req.params.schoolId, yearOf(req.query));
  });

  router.post('/periodo', async (req: SchoolRequest, res) => {
    const { schoolId } = req.params;
    const schoolYear = yearOf(req.query, req.body);
    const form = parseForm(periodSchema, req.body);
    if (!form.ok) return render(res, schoolId, schoolYear, 422, form.values, form.errors);
    try {
      await setServicePeriod(prisma, { tenantId: res.locals.tenant.id, schoolId, ...form.data, actor: actorOf(res.locals.auth!) });
    } catch (error) {
      return refused(res, schoolId, schoolYear, typedValues(req.body), error);
    }
    flash(req, 'success', res.locals.t('adminCanteen.calendar.periodSaved'));
    res.redirect(pagePath(res, schoolId, form.data.schoolYear));
  });

  router.post('/chiusure', async (req: SchoolRequest, res) => {
    const { schoolId } = req.params;
    const schoolYear = yearOf(req.query, req.body);
    const form = parseForm(closureRangeSchema, req.body);
    if (!form.ok) return render(res, schoolId, schoolYear, 422, form.values, form.errors);
    try {
      const result = await addClosures(prisma, {
        tenantId: res.locals.tenant.id,
        schoolId,
        ...form.data,
        actor: actorOf(res.locals.auth!),
        field: 'from',
      });
      flash(req, 'success', res.locals.t('adminCanteen.calendar.closuresAdded', result));
    } catch (error) {
      return refused(res, schoolId, schoolYear, typedValues(req.body), error);
    }
    res.redirect(pagePath(res, schoolId, schoolYear));
  });

  router.post('/chiusura-straordinaria', async (req: SchoolRequest, res) => {
    const { schoolId } = req.params;
    const schoolYear = yearOf(req.query, req.body);
    const form = parseForm(extraordinaryClosureSchema, req.body);
    if (!form.ok) return render(res, schoolId, schoolYear, 422, form.values, form.errors);
    const { extraDate, extraReason, extraAllSchools } = form.data;
    try {
      const result = await addClosures(prisma, {
        tenantId: res.locals.tenant.id,
        schoolId,
        allSchools: extraAllSchools,
        from: extraDate,
        to: extraDate,
        kind: 'EXTRAORDINARY',
        reason: extraReason,
        actor: actorOf(res.locals.auth!),
        field: 'extraDate',
      });
      flash(req, 'success', res.locals.t('adminCanteen.calendar.extraordinaryAdded', result));
    } catch (error) {
      return refused(res, schoolId, schoolYear, typedValues(req.body), error);
    }
    res.redirect(pagePath(res, schoolId, schoolYear));
  });

  router.post('/chiusure/rimuovi', async (req: SchoolRequest, res) => {
    const { schoolId } = req.params;
    const schoolYear = yearOf(req.query, req.body);
    const form = parseForm(removeClosuresSchema, req.body);
    if (!form.ok) throw new NotFoundError();
    try {
      const removed = await removeClosures(prisma, {
        tenantId: res.locals.tenant.id,
        schoolId,
        ids: form.data.ids,
        actor: actorOf(res.locals.auth!),
      });
      flash(req, 'success', res.locals.t('adminCanteen.calendar.closuresRemoved', { days: removed }));
    } catch (error) {
      return refused(res, schoolId, schoolYear, {}, error);
    }
    res.redirect(pagePath(res, schoolId, schoolYear));
  });

  router.post('/classi/:classId/rientri', async (req: express.Request<ClassParams>, res) => {
    const { schoolId, classId } = req.params;
    const schoolYear = yearOf(req.query, req.body);
    if (!uuidParam.safeParse(classId).success) throw new NotFoundError();
    const form = parseForm(mealWeekdaysSchema, req.body);
    if (!form.ok) {
      const message = form.errors.summary[0].message;
      return render(res, schoolId, schoolYear, 422, { classId, weekdays: form.values.weekdays }, formError(`weekdays-${classId}`, message));
    }
    await setMealWeekdays(prisma, { tenantId: res.locals.tenant.id, schoolId, classId, ...form.data, actor: actorOf(res.locals.auth!) });
    flash(req, 'success', res.locals.t('adminCanteen.calendar.weekdaysSaved'));
    res.redirect(pagePath(res, schoolId, schoolYear));
  });

  return router;
}
