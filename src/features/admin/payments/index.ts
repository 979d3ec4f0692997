import type { AdminArea } from '../area.ts';
import { reconciliationRoutes } from './routes.ts';

export const paymentsArea: AdminArea = { path: '/pagamenti', routes: reconciliationRoutes };
