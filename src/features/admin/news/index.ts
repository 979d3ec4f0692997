import type { AdminArea } from '../area.ts';
import { adminNewsRoutes } from './routes.ts';

export const newsArea: AdminArea = { path: '/news', routes: adminNewsRoutes };
