import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { landingSections } from '../public/routes.ts';
import { parentFrame } from '../family/page.ts';
import { homeOverview } from './service.ts';

export function homeRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  router.get('/', async (_req, res) => {
    const { tenant, auth, t } = res.locals;
    const overview = await homeOverview(prisma, auth!, tenant, clock.now());
    res.render('home/index', {
      ...parentFrame(res, 'home', t('home.title')),
      ...overview,
      sections: landingSections(tenant),
      canManageDelegates: !!auth!.ownGuardianId,
      hasPassword: !!auth!.accountId,
    });
  });

  return router;
}
