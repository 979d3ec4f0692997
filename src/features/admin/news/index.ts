export { adminNewsRoutes as router } from './routes.ts';
export const path = '/admin/news';
