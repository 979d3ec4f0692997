import express, { type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { requireRole } from '../../../auth/guards.ts';
import { romeDateOf } from '../../../domain/dates.ts';
import { attendanceRoutes } from './attendance-routes.ts';
import { calendarRoutes } from './calendar-routes.ts';
import { canteenCrumbs } from './crumbs.ts';
import { menuRoutes } from './menu-routes.ts';
import { schoolsOf } from './scope.ts';

/** Back office of the canteen (Refezione): calendars, menus and attendance of each school. */
export function adminCanteenRoutes(deps: AppDeps): Router {
  const router = express.Router({ mergeParams: true });
  router.use(requireRole('ADMIN', 'CLERK'));

  router.get('/', async (_req, res) => {
    res.render('admin/canteen/index', {
      title: res.locals.t('adminCanteen.title'),
      breadcrumb: canteenCrumbs(res),
      schools: await schoolsOf(deps.prisma, res.locals.tenant.id),
      today: romeDateOf(deps.clock.now()),
    });
  });
  router.use('/scuole/:schoolId/calendario', calendarRoutes(deps));
  router.use('/scuole/:schoolId/menu', menuRoutes(deps));
  router.use('/scuole/:schoolId/presenze', attendanceRoutes(deps));
  return router;
}
