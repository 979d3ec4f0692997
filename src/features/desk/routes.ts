import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireRole } from '../../auth/guards.ts';
import { withStaffNav } from '../admin/nav.ts';

export function deskRoutes(_deps: AppDeps): Router {
  const router = express.Router();
  router.use(requireRole('CASHIER', 'ADMIN', 'CLERK'), withStaffNav());
  router.get('/', (_req, res) => {
    res.render('desk/home', { title: 'Sportello', breadcrumb: [{ label: 'Sportello' }] });
  });
  return router;
}
