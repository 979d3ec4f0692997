import type { AdminArea } from '../area.ts';
import { adminInboxRoutes } from './routes.ts';

export const inboxArea: AdminArea = { path: '/messaggi', routes: adminInboxRoutes };
