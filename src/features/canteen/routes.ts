import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { safeReturnPath } from '../../auth/routes.ts';
import { romeDateOf } from '../../domain/dates.ts';
import { dayLabel, monthOf } from '../../domain/month-grid.ts';
import { schoolServicesCrumbs } from '../../web/breadcrumb.ts';
import { fieldText, noErrors, parseForm, typedValues, type FormErrors } from '../../web/forms.ts';
import { flash } from '../../web/view-locals.ts';
import { parentNav } from '../family/nav.ts';
import { refusalAsFormError, refusalText } from './messages.ts';
import { absencesPage, calendarPage, mealSearch } from './pages.ts';
import {
  ABSENCE_KINDS,
  absenceSchema,
  calendarQuery,
  dayActionSchema,
  nextMealSchema,
  prolongedSchema,
  reactivationSchema,
  searchSchema,
} from './schemas.ts';
import {
  applyDayAction,
  cancelNextMeal,
  communicateAbsence,
  MealRequestRefused,
  reactivateService,
  startProlongedAbsence,
} from './service.ts';

/** Parent pages "Refezione scolastica" and "Comunicazione assenze". */
export function canteenRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router();
  router.use(['/refezione', '/assenze'], requireCitizen());

  const frame = (res: Response, section: 'canteen' | 'absences') => {
    const tenant = res.locals.tenant;
    const title = res.locals.t(section === 'canteen' ? 'canteen.title' : 'canteen.absences.title');
    return { title, nav: parentNav(tenant, section, res.locals.t, res.locals.auth), breadcrumb: schoolServicesCrumbs(tenant, title) };
  };
  const parentRequest = (req: Request, res: Response, studentId: string) => ({
    tenant: res.locals.tenant,
    auth: res.locals.auth!,
    studentId,
    now: clock.now(),
  });
  const calendarPath = (res: Response, studentId: string, month?: string) =>
    `/${res.locals.tenant.slug}/refezione?alunno=${encodeURIComponent(studentId)}${month ? `&mese=${month}` : ''}`;

  router.get('/refezione', async (req, res) => {
    const query = calendarQuery.parse(req.query);
    const page = await calendarPage(prisma, {
      auth: res.locals.auth!,
      tenant: res.locals.tenant,
      studentId: query.alunno,
      month: query.mese,
      now: clock.now(),
      lang: res.locals.lang,
    });
    res.render('canteen/calendar', { ...frame(res, 'canteen'), ...page, basePath: `/${res.locals.tenant.slug}/refezione` });
  });

  router.post('/refezione/giorno', async (req, res) => {
    const { t, lang } = res.locals;
    const form = parseForm(dayActionSchema, req.body);
    const studentId = form.ok ? form.data.alunno : fieldText(form.values.alunno);
    if (!form.ok) {
      flash(req, 'danger', t(form.errors.summary[0].message));
      return res.redirect(303, calendarPath(res, studentId));
    }
    const { data: day, azione: action } = form.data;
    try {
      const done = await applyDayAction(prisma, { ...parentRequest(req, res, studentId), day, action });
      const name = `${done.student.firstName} ${done.student.lastName}`;
      flash(req, 'success', t(done.changed ? `canteen.done.${action}` : 'canteen.done.unchanged', { name, day: dayLabel(day, lang) }));
    } catch (error) {
      if (!(error instanceof MealRequestRefused)) throw error;
      flash(req, 'danger', refusalText(t, lang, res.locals.tenant, error));
    }
    res.redirect(303, calendarPath(res, studentId, monthOf(day)));
  });

  router.post('/refezione/disdici-prossimo', async (req, res) => {
    const { t, lang, tenant } = res.locals;
    const form = parseForm(nextMealSchema, req.body);
    const studentId = form.ok ? form.data.alunno : '';
    const back = safeReturnPath(form.ok ? form.data.ritorno : undefined, tenant.slug) ?? calendarPath(res, studentId);
    try {
      const done = await cancelNextMeal(prisma, parentRequest(req, res, studentId));
      const name = `${done.student.firstName} ${done.student.lastName}`;
      flash(
        req,
        'success',
        t(done.changed ? 'canteen.done.nextCancelled' : 'canteen.done.nextAlreadyCancelled', { name, day: dayLabel(done.day, lang) }),
      );
    } catch (error) {
      if (!(error instanceof MealRequestRefused)) throw error;
      flash(req, 'danger', refusalText(t, lang, tenant, error));
    }
    res.redirect(303, back);
  });

  router.get('/refezione/ricerca', async (req, res) => {
    const asked = req.query.da !== undefined || req.query.a !== undefined;
    const form = asked ? parseForm(searchSchema, req.query) : null;
    const studentId = form?.ok ? form.data.alunno : req.query.alunno;
    const period = form?.ok ? { from: form.data.da, to: form.data.a } : null;
    const page = await mealSearch(prisma, { auth: res.locals.auth!, studentId, period });
    const errors = form && !form.ok ? form.errors : noErrors;
    res.status(form && !form.ok ? 422 : 200).render('canteen/search', {
      ...frame(res, 'canteen'),
      ...page,
      period,
      values: { alunno: page.student.id, da: req.query.da ?? '', a: req.query.a ?? '' },
      errors,
    });
  });

  const renderAbsences = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FormErrors) => {
    const page = await absencesPage(prisma, { auth: res.locals.auth!, studentId: values.alunno ?? req.query.alunno });
    res.status(status).render('canteen/absences', {
      ...frame(res, 'absences'),
      ...page,
      basePath: `/${res.locals.tenant.slug}/assenze`,
      values: { alunno: page.student.id, ...values },
      errors,
    });
  };

  router.get('/assenze', (req, res) => renderAbsences(req, res, 200, {}, noErrors));

  router.post('/assenze', async (req, res) => {
    const { t, lang, tenant } = res.locals;
    const form = parseForm(absenceSchema, req.body);
    if (!form.ok) return renderAbsences(req, res, 422, form.values, form.errors);
    try {
      const done = await communicateAbsence(prisma, {
        ...parentRequest(req, res, form.data.alunno),
        from: form.data.da,
        to: form.data.a,
        kind: ABSENCE_KINDS[form.data.tipologia],
      });
      res.render('canteen/absence-confirmed', { ...frame(res, 'absences'), ...done, today: romeDateOf(clock.now()) });
    } catch (error) {
      if (!(error instanceof MealRequestRefused)) throw error;
      const field = error.code === 'IN_PROLONGED_ABSENCE' ? 'tipologia' : 'da';
      return renderAbsences(req, res, 422, typedValues(req.body), refusalAsFormError(t, lang, tenant, error, field));
    }
  });

  const prolongedForm =
    (schema: typeof prolongedSchema | typeof reactivationSchema, field: 'inizio' | 'ripresa') => async (req: Request, res: Response) => {
      const { t, lang, tenant } = res.locals;
      const form = parseForm(schema, req.body);
      if (!form.ok) return renderAbsences(req, res, 422, form.values, form.errors);
      const from = 'inizio' in form.data ? form.data.inizio : form.data.ripresa;
      const request = { ...parentRequest(req, res, form.data.alunno), from };
      try {
        const done = field === 'inizio' ? await startProlongedAbsence(prisma, request) : await reactivateService(prisma, request);
        const name = `${done.student.firstName} ${done.student.lastName}`;
        const key = !done.changed ? 'canteen.done.unchanged' : field === 'inizio' ? 'canteen.done.PROLONGED' : 'canteen.done.REACTIVATE';
        flash(req, 'success', t(key, { name, day: dayLabel(from, lang) }));
        res.redirect(303, `/${tenant.slug}/assenze?alunno=${encodeURIComponent(form.data.alunno)}`);
      } catch (error) {
        if (!(error instanceof MealRequestRefused)) throw error;
        return renderAbsences(req, res, 422, typedValues(req.body), refusalAsFormError(t, lang, tenant, error, field));
      }
    };
  router.post('/assenze/prolungata', prolongedForm(prolongedSchema, 'inizio'));
  router.post('/assenze/riattivazione', prolongedForm(reactivationSchema, 'ripresa'));

  return router;
}
