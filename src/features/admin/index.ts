import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireRole } from '../../auth/guards.ts';
import type { AdminArea } from './area.ts';
import { arrearsArea } from './arrears/index.ts';
import { auditArea } from './audit/index.ts';
import { billingArea } from './billing/index.ts';
import { inboxArea } from './inbox/index.ts';
import { newsArea } from './news/index.ts';
import { settingsArea } from './settings/index.ts';
import { staffArea } from './staff/index.ts';
import { canteenArea } from './canteen/index.ts';
import { certificatesArea } from './certificates/index.ts';
import { enrollmentsArea } from './enrollments/index.ts';
import { adminHomeRoutes } from './home-routes.ts';
import { importsArea } from './imports/index.ts';
import { invoicesArea } from './invoices/index.ts';
import { withStaffNav } from './nav.ts';
import { paymentsArea } from './payments/index.ts';
import { praticheArea } from './pratiche/index.ts';
import { registryArea } from './registry/index.ts';
import { sddArea } from './sdd/index.ts';
import { tariffsArea } from './tariffs/index.ts';

/** The areas of the back office, each mounted under /:comune/admin at its own path. */
const AREAS: readonly AdminArea[] = [
  registryArea,
  enrollmentsArea,
  praticheArea,
  tariffsArea,
  canteenArea,
  paymentsArea,
  billingArea,
  invoicesArea,
  arrearsArea,
  sddArea,
  certificatesArea,
  inboxArea,
  newsArea,
  auditArea,
  staffArea,
  settingsArea,
  importsArea,
];

/** /:comune/admin: the one mount point of the back office (clerks and administrators). */
export function adminRoutes(deps: AppDeps): Router {
  const router = express.Router({ mergeParams: true });
  router.use(requireRole('ADMIN', 'CLERK'), withStaffNav());
  router.use(adminHomeRoutes(deps));
  for (const area of AREAS) router.use(area.path, area.routes(deps));
  return router;
}
