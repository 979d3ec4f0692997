export { adminAuditRoutes as router } from './routes.ts';
export const path = '/admin/audit';
