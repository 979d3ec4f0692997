export { adminSettingsRoutes as router } from './routes.ts';
export { logoRoutes } from './logo-routes.ts';
export const path = '/admin/impostazioni';
