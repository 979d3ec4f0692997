import type { AdminArea } from '../area.ts';
import { adminSettingsRoutes } from './routes.ts';

export { logoRoutes } from './logo-routes.ts';
export const settingsArea: AdminArea = { path: '/impostazioni', routes: adminSettingsRoutes };
