export { adminInboxRoutes as router } from './routes.ts';
export const path = '/admin/messaggi';
