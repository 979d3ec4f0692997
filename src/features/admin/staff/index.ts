export { adminStaffRoutes as router } from './routes.ts';
export const path = '/admin/personale';
