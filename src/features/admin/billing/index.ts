import type { AdminArea } from '../area.ts';
import { billingAdminRoutes } from './routes.ts';

export const billingArea: AdminArea = { path: '/fatturazione', routes: billingAdminRoutes };
