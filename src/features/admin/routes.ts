import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireRole } from '../../auth/guards.ts';
import { adminSummary } from './service.ts';

export function adminRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.use(requireRole('ADMIN', 'CLERK'));
  router.get('/', async (_req, res) => {
    const tenant = res.locals.tenant;
    res.render('admin/home', {
      title: 'Area amministrativa',
      breadcrumb: [{ label: 'Area amministrativa' }],
      summary: await adminSummary(deps.prisma, tenant.id),
    });
  });
  return router;
}
