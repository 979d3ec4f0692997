import type { AdminArea } from '../area.ts';
import { tariffsRoutes } from './routes.ts';

export const tariffsArea: AdminArea = { path: '/tariffe', routes: tariffsRoutes };
