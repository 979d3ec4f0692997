import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { staffNavFor } from './nav.ts';
import { adminSummary } from './service.ts';

/** /:comune/admin — the landing page: the figures of the day and the navigation as tiles. */
export function adminHomeRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const { t, tenant, auth } = res.locals;
    res.render('admin/home', {
      tiles: staffNavFor(auth?.role ?? null, tenant.slug, req.originalUrl, t),
      title: t('adminNav.adminArea'),
      breadcrumb: [{ label: t('adminNav.adminArea') }],
      summary: await adminSummary(deps.prisma, tenant.id),
    });
  });
  return router;
}
