import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { EU_ALLERGEN_NUMBERS } from '../../../domain/allergens.ts';
import { formatItalianDate, romeDateOf } from '../../../domain/dates.ts';
import { schoolWeekOf } from '../../../domain/month-grid.ts';
import { fieldText, formError, noErrors, parseForm, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { canteenCrumbs, schoolCrumb, schoolPath } from './crumbs.ts';
import { copyWeekForward, dayMenu, saveDayMenu, weekMenus, type DishView } from './menu-service.ts';
import { copyWeekSchema, dayMenuSchema, dishRowsFrom, isoDateParam } from './schemas.ts';
import { FieldRuleError } from '../../../web/forms.ts';

type DayParams = { schoolId: string; date: string };

/** Spare empty rows under the dishes, so a clerk can add dishes without any script. */
const SPARE_ROWS = 4;

/** The form rows of a day: the stored dishes, or what was typed when the form is shown again. */
function rowsOf(dishes: DishView[], typed?: Record<string, unknown>) {
  const rows = typed
    ? dishRowsFrom(typed).map(({ raw }) => ({
        course: fieldText(raw.course),
        name: fieldText(raw.name),
        allergens: ([] as unknown[]).concat(raw.allergens ?? []).map(Number),
        dietCode: fieldText(raw.dietCode),
      }))
    : dishes.map((d) => ({ ...d, dietCode: d.dietCode ?? '' }));
  const spare = Array.from({ length: SPARE_ROWS }, () => ({ course: '', name: '', allergens: [] as number[], dietCode: '' }));
  return [...rows, ...spare];
}

/** Menus of a school: a week at a time, one day's dishes and diet variants, copy a week forward. */
export function menuRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });

  const dayOf = (value: unknown) => {
    if (!isoDateParam.safeParse(value).success) throw new NotFoundError();
    return String(value);
  };

  async function renderWeek(res: Response, schoolId: string, day: string, status = 200, errors: FormErrors = noErrors) {
    const week = await weekMenus(prisma, res.locals.tenant.id, schoolId, day);
    res.status(status).render('admin/canteen/menu-week', {
      title: res.locals.t('adminCanteen.menu.weekTitle', { school: week.school.name, date: formatItalianDate(week.monday) }),
      breadcrumb: canteenCrumbs(res, schoolCrumb(res, week.school), res.locals.t('adminCanteen.menu.title')),
      ...week,
      errors,
    });
  }

  async function renderDay(req: Request<DayParams>, res: Response, status = 200, typed?: Record<string, unknown>, errors = noErrors) {
    const { schoolId } = req.params;
    const menu = await dayMenu(prisma, res.locals.tenant.id, schoolId, dayOf(req.params.date));
    res.status(status).render('admin/canteen/menu-day', {
      title: res.locals.t('adminCanteen.menu.dayTitle', { school: menu.school.name, date: formatItalianDate(menu.day) }),
      breadcrumb: canteenCrumbs(
        res,
        schoolCrumb(res, menu.school),
        { label: res.locals.t('adminCanteen.menu.title'), href: `${schoolPath(res, schoolId, 'menu')}?settimana=${menu.monday}` },
        formatItalianDate(menu.day),
      ),
      ...menu,
      rows: rowsOf(menu.dishes, typed),
      allergens: EU_ALLERGEN_NUMBERS,
      errors,
    });
  }

  router.get('/', async (req: Request<{ schoolId: string }>, res) => {
    const week = req.query.settimana;
    await renderWeek(res, req.params.schoolId, isoDateParam.safeParse(week).success ? fieldText(week) : romeDateOf(clock.now()));
  });

  router.post('/copia-settimana', async (req: Request<{ schoolId: string }>, res) => {
    const { schoolId } = req.params;
    const form = parseForm(copyWeekSchema, req.body);
    if (!form.ok) throw new NotFoundError();
    try {
      const copied = await copyWeekForward(prisma, {
        tenantId: res.locals.tenant.id,
        schoolId,
        week: form.data.week,
        actor: actorOf(res.locals.auth!),
      });
      flash(
        req,
        'success',
        res.locals.t('adminCanteen.menu.weekCopied', { from: formatItalianDate(copied.from), to: formatItalianDate(copied.to) }),
      );
      res.redirect(`${schoolPath(res, schoolId, 'menu')}?settimana=${copied.to}`);
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      await renderWeek(res, schoolId, form.data.week, 422, formError(error.field, error.userMessage));
    }
  });

  router.get('/:date', async (req: Request<DayParams>, res) => {
    await renderDay(req, res);
  });

  router.post('/:date', async (req: Request<DayParams>, res) => {
    const { schoolId } = req.params;
    const date = dayOf(req.params.date);
    const form = parseForm(dayMenuSchema, req.body);
    if (!form.ok) return renderDay(req, res, 422, form.values, form.errors);
    try {
      await saveDayMenu(prisma, { tenantId: res.locals.tenant.id, schoolId, date, dishes: form.data, actor: actorOf(res.locals.auth!) });
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      return renderDay(req, res, 422, req.body as Record<string, unknown>, formError(error.field, error.userMessage));
    }
    flash(req, 'success', res.locals.t('adminCanteen.menu.daySaved', { date: formatItalianDate(date) }));
    res.redirect(`${schoolPath(res, schoolId, 'menu')}?settimana=${schoolWeekOf(date).monday}`);
  });

  return router;
}
