import express, { type Request, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireRole } from '../../auth/guards.ts';
import { withStaffNav } from '../admin/nav.ts';
import { addDays, isIsoDate, romeDateOf } from '../../domain/dates.ts';
import { ConflictError } from '../../web/errors.ts';
import { fieldText } from '../../web/forms.ts';
import { kitchenCsv } from './csv.ts';
import { kitchenReport } from './service.ts';

/** The caterer's daily count (read-only), also open to clerks. */
export function kitchenRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });
  router.use(requireRole('CATERER', 'ADMIN', 'CLERK'), withStaffNav());

  const dayOf = (req: Request) => {
    const asked = fieldText(req.query.data);
    return isIsoDate(asked) ? asked : romeDateOf(clock.now());
  };

  router.get('/', async (req, res) => {
    const day = dayOf(req);
    const report = await kitchenReport(prisma, res.locals.tenant, day, clock.now());
    res.render('kitchen/report', {
      title: res.locals.t('kitchen.title'),
      breadcrumb: [{ label: res.locals.t('kitchen.title') }],
      report,
      previousDay: addDays(day, -1),
      nextDay: addDays(day, 1),
      cutoffTime: res.locals.tenant.cutoffTime,
      now: clock.now(),
    });
  });

  router.get('/csv', async (req, res) => {
    const report = await kitchenReport(prisma, res.locals.tenant, dayOf(req), clock.now());
    if (report.phase === 'NOT_YET') {
      throw new ConflictError(res.locals.t('kitchen.notYet', { time: res.locals.tenant.cutoffTime }));
    }
    const prefix = report.phase === 'FORECAST' ? 'previsione-pasti' : 'pasti';
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${prefix}-${res.locals.tenant.slug}-${report.day}.csv`)
      .send(kitchenCsv(res.locals.t, report.day, report.schools, report.totals.total));
  });

  return router;
}
