// Back-office area "Servizi e tariffe", mounted by app.ts under /:comune.
export { TARIFFS_PATH as path, tariffsRoutes as router } from './routes.ts';
