import type { AdminArea } from '../area.ts';
import { adminAuditRoutes } from './routes.ts';

export const auditArea: AdminArea = { path: '/audit', routes: adminAuditRoutes };
