import type { AdminArea } from '../area.ts';
import { adminStaffRoutes } from './routes.ts';

export const staffArea: AdminArea = { path: '/personale', routes: adminStaffRoutes };
