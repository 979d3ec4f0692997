import express, { type Request, type Response, type Router } from 'express';
import { dispatchNotifications } from '../../notifications/outbox.ts';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { adminCrumbs, adminPath } from '../admin-crumbs.ts';
import { schoolsOf } from '../canteen/scope.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { listLinks } from '../list-query.ts';
import { NEWS_FILTERS, newsFormSchema, newsListSchema } from './schemas.ts';
import { createNews, newsFormValues, newsList, newsOf, setNewsStatus, updateNews } from './service.ts';

type NewsRequest = Request<{ newsId: string }>;

/** The office's news: write, schedule (from/until), publish and withdraw, for every family or one school. */
export function adminNewsRoutes({ prisma, clock, jobs }: AppDeps): Router {
  const router = express.Router();
  const listPath = (res: Response) => adminPath(res, 'news');

  async function renderForm(
    res: Response,
    newsId: string | null,
    status = 200,
    values: Record<string, unknown> = {},
    errors: FormErrors = noErrors,
  ) {
    const t = res.locals.t;
    const news = newsId ? await newsOf(prisma, res.locals.tenant.id, newsId) : null;
    const title = news ? t('adminNews.editTitle') : t('adminNews.newTitle');
    res.status(status).render('admin/news/form', {
      title,
      breadcrumb: adminCrumbs(res, { label: t('adminNews.title'), href: listPath(res) }, title),
      news,
      schools: await schoolsOf(prisma, res.locals.tenant.id),
      values: status === 200 && news ? newsFormValues(news) : values,
      errors,
      action: news ? `${listPath(res)}/${news.id}` : `${listPath(res)}/nuova`,
    });
  }

  router.get('/', async (req, res) => {
    const t = res.locals.t;
    const query = newsListSchema.parse(req.query);
    res.render('admin/news/index', {
      title: t('adminNews.title'),
      breadcrumb: adminCrumbs(res, t('adminNews.title')),
      news: await newsList(prisma, res.locals.tenant.id, query, clock.now()),
      query,
      filters: NEWS_FILTERS,
      hrefFor: listLinks(listPath(res), query),
    });
  });

  router.get('/nuova', (_req, res) => renderForm(res, null, 200, { oraDal: '00:00' }));

  async function save(req: Request, res: Response, newsId: string | null) {
    const form = parseForm(newsFormSchema, req.body);
    if (!form.ok) return renderForm(res, newsId, 422, form.values, form.errors);
    const base = { tenantId: res.locals.tenant.id, actor: actorOf(res.locals.auth!), news: form.data, now: clock.now() };
    try {
      if (newsId) await updateNews(prisma, { ...base, newsId });
      else await createNews(prisma, base);
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      return renderForm(res, newsId, 422, typedValues(req.body), formError(error.field, error.userMessage));
    }
    // the families' messages of an item marked "notify" leave now rather than at the next minute's dispatch
    if (form.data.notify) await dispatchNotifications(jobs, base.tenantId);
    flash(req, 'success', res.locals.t(form.data.publish ? 'adminNews.published' : 'adminNews.saved'));
    res.redirect(listPath(res));
  }

  router.post('/nuova', (req, res) => save(req, res, null));
  router.get('/:newsId', (req: NewsRequest, res) => renderForm(res, req.params.newsId));
  router.post('/:newsId', (req: NewsRequest, res) => save(req, res, req.params.newsId));

  for (const [path, status] of [
    ['pubblica', 'PUBLISHED'],
    ['ritira', 'WITHDRAWN'],
  ] as const) {
    router.post(`/:newsId/${path}`, async (req: NewsRequest, res) => {
      await setNewsStatus(prisma, {
        tenantId: res.locals.tenant.id,
        actor: actorOf(res.locals.auth!),
        newsId: req.params.newsId,
        status,
        now: clock.now(),
      });
      if (status === 'PUBLISHED') await dispatchNotifications(jobs, res.locals.tenant.id);
      flash(req, 'success', res.locals.t(status === 'PUBLISHED' ? 'adminNews.published' : 'adminNews.withdrawn'));
      res.redirect(listPath(res));
    });
  }

  return router;
}
