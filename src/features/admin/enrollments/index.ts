// Back-office area "Iscrizioni", mounted by app.ts under /:comune.
export { ENROLLMENTS_PATH as path, enrollmentsRoutes as router } from './routes.ts';
