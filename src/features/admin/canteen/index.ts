import type { AdminArea } from '../area.ts';
import { adminCanteenRoutes } from './routes.ts';

export const canteenArea: AdminArea = { path: '/refezione', routes: adminCanteenRoutes };
