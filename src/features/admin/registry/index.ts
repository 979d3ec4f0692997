import type { AdminArea } from '../area.ts';
import { registryAdminRoutes } from './routes.ts';

export const registryArea: AdminArea = { path: '/anagrafica', routes: registryAdminRoutes };
