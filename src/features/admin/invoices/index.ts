import type { AdminArea } from '../area.ts';
import { adminInvoiceRoutes } from './routes.ts';

export const invoicesArea: AdminArea = { path: '/documenti', routes: adminInvoiceRoutes };
