import type { AdminArea } from '../area.ts';
import { adminPraticheRoutes } from './routes.ts';

export const praticheArea: AdminArea = { path: '/pratiche', routes: adminPraticheRoutes };
