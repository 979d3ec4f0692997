import express, { type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { delegateRoutes } from './delegate-routes.ts';
import { guardianRoutes } from './guardian-routes.ts';
import { registryPaths } from './scope.ts';
import { studentRoutes } from './student-routes.ts';

/** Anagrafica: students, intestatari (families) and delegates of the Comune. */
export function registryAdminRoutes(deps: AppDeps): Router {
  const router = express.Router({ mergeParams: true });
  router.get('/', (_req, res) => res.redirect(`${registryPaths.base(res.locals.tenant.slug)}/alunni`));
  router.use('/alunni', studentRoutes(deps));
  router.use('/intestatari', guardianRoutes(deps));
  router.use('/delegati', delegateRoutes(deps));
  return router;
}
