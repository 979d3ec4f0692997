import type { AdminArea } from '../area.ts';
import { certificatesAdminRoutes } from './routes.ts';

export const certificatesArea: AdminArea = { path: '/certificazioni', routes: certificatesAdminRoutes };
