import express, { type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { pageNumber, parentFrame } from '../family/page.ts';
import { newsItem, newsPage } from './service.ts';

export function newsRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  router.get('/', async (req, res) => {
    const news = await newsPage(prisma, res.locals.auth!, clock.now(), pageNumber(req.query.pagina));
    res.render('news/index', { ...parentFrame(res, 'news', res.locals.t('news.title')), news });
  });

  router.get('/:newsId', async (req, res) => {
    const { t, tenant } = res.locals;
    const item = await newsItem(prisma, res.locals.auth!, clock.now(), req.params.newsId);
    res.render('news/detail', {
      ...parentFrame(res, 'news', item.title, { label: t('news.title'), href: `/${tenant.slug}/news` }, item.title),
      item,
    });
  });

  return router;
}
