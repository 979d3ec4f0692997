import type { AdminArea } from '../area.ts';
import { arrearsRoutes } from './routes.ts';

export { arrearsFlagForFamily, arrearsFlagsForFamilies } from './flag.ts';
export { familyArrears } from './service.ts';
export const arrearsArea: AdminArea = { path: '/morosita', routes: arrearsRoutes };
