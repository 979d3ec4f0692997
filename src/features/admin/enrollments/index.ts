import type { AdminArea } from '../area.ts';
import { enrollmentsRoutes } from './routes.ts';

export const enrollmentsArea: AdminArea = { path: '/iscrizioni', routes: enrollmentsRoutes };
