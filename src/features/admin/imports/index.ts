import type { AdminArea } from '../area.ts';
import { importsAdminRoutes } from './routes.ts';

export const importsArea: AdminArea = { path: '/importazioni', routes: importsAdminRoutes };
