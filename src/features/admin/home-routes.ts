import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { adminSummary } from './service.ts';

/** /:comune/admin — the landing page: the figures of the day and the navigation as tiles. */
export function adminHomeRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    const { t, tenant } = res.locals;
    res.render('admin/home', {
      title: t('adminNav.adminArea'),
      breadcrumb: [{ label: t('adminNav.adminArea') }],
      summary: await adminSummary(deps.prisma, tenant.id),
    });
  });
  return router;
}
