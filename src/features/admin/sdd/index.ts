import type { AdminArea } from '../area.ts';
import { sddAdminRoutes } from './routes.ts';

export const sddArea: AdminArea = { path: '/addebiti', routes: sddAdminRoutes };
