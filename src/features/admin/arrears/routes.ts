import express, { type Request, type Response, type Router } from 'express';
import { actorOf } from '../../../audit.ts';
import type { AppDeps } from '../../../deps.ts';
import { AGE_BUCKETS } from '../../../domain/arrears.ts';
import { formatItalianDate, fromDbDate, romeDateOf } from '../../../domain/dates.ts';
import { formatEuro, formatEuroPlain } from '../../../domain/money.ts';
import { toCsv } from '../../../web/csv.ts';
import { noErrors, parseForm, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { areaCrumbs } from '../area-crumbs.ts';
import { listLinks } from '../list-query.ts';
import { sendToCollection } from './collection.ts';
import { arrearsRows, guardiansInArrears } from './queries.ts';
import { reminderBatchOf, reminderBatchPdf, requestReminders } from './reminders.ts';
import { arrearsQuerySchema, reminderRequestSchema, type ArrearsQuery } from './schemas.ts';
import { arrearsPage, filterOf } from './service.ts';

type IdRequest = Request<{ id: string }>;

const crumbs = (res: Response, ...trail: Parameters<typeof areaCrumbs>[2][]) =>
  areaCrumbs(res, { label: res.locals.t('adminArrears.title'), path: '/morosita' }, ...trail);

/** /:comune/admin/morosita — families in arrears, reminder letters, messa a ruolo. Staff of this Comune only. */
export function arrearsRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router();
  const base = (res: Response) => `/${res.locals.tenant.slug}/admin/morosita`;
  const today = () => romeDateOf(clock.now());

  const render = async (res: Response, status: number, query: ArrearsQuery, errors: FormErrors = noErrors) => {
    const { t, tenant } = res.locals;
    const data = await arrearsPage(prisma, tenant, today(), query);
    const filters = { scuola: query.scuola ?? undefined, servizio: query.servizio ?? undefined };
    res.status(status).render('admin/arrears/index', {
      title: t('adminArrears.title'),
      breadcrumb: crumbs(res),
      ...data,
      query,
      errors,
      buckets: AGE_BUCKETS.map((bucket) => bucket.key),
      base: base(res),
      csvHref: listLinks(`${base(res)}/csv`, filters)({}),
      hrefFor: (page: number) => listLinks(base(res), filters)({ pagina: page }),
    });
  };

  router.get('/', (req, res) => render(res, 200, arrearsQuerySchema.parse(req.query)));

  router.get('/csv', async (req, res) => {
    const { t, tenant } = res.locals;
    const day = today();
    const rows = await arrearsRows(prisma, tenant.id, day, filterOf(arrearsQuerySchema.parse(req.query)), null);
    const column = (key: string) => t(`adminArrears.csv.${key}`);
    const csv = toCsv(
      [
        'lastName',
        'firstName',
        'fiscalCode',
        'documents',
        'due',
        ...AGE_BUCKETS.map((b) => b.key),
        'collection',
        'oldestDays',
        'lastReminder',
      ].map(column),
      rows.map((row) => [
        row.lastName,
        row.firstName,
        row.fiscalCode,
        row.documents,
        formatEuroPlain(row.dueCents),
        ...AGE_BUCKETS.map((b) => formatEuroPlain(row.buckets[b.key])),
        formatEuroPlain(row.collectionCents),
        row.oldestDays,
        row.lastReminderOn ? formatItalianDate(fromDbDate(row.lastReminderOn)) : '',
      ]),
    );
    res.type('text/csv; charset=utf-8').attachment(`morosita-${tenant.slug}-${day}.csv`).send(csv);
  });

  router.post('/solleciti', async (req, res) => {
    const { tenant, auth, t } = res.locals;
    const form = parseForm(reminderRequestSchema, req.body);
    const query = arrearsQuerySchema.parse(req.body);
    if (!form.ok) return render(res, 422, query, form.errors);
    const families = form.data.tutti ? await guardiansInArrears(prisma, tenant.id, today(), filterOf(form.data)) : form.data.famiglia;
    const batch = await requestReminders(deps, tenant.id, actorOf(auth!), families);
    flash(req, 'success', t('adminArrears.reminders.queued', { count: batch.guardianIds.length }));
    res.redirect(303, `${base(res)}/solleciti/${batch.id}`);
  });

  router.get('/solleciti/:id', async (req: IdRequest, res) => {
    const { t, tenant } = res.locals;
    const batch = await reminderBatchOf(prisma, tenant.id, req.params.id);
    const title = t('adminArrears.batch.title', { date: formatItalianDate(romeDateOf(batch.createdAt)) });
    res.render('admin/arrears/batch', { title, breadcrumb: crumbs(res, title), batch, self: `${base(res)}/solleciti/${batch.id}` });
  });

  router.get('/solleciti/:id/pdf', async (req: IdRequest, res) => {
    const { tenant } = res.locals;
    const { createdAt, bytes } = await reminderBatchPdf(prisma, tenant.id, req.params.id);
    res
      .type('application/pdf')
      .attachment(`solleciti-${tenant.slug}-${romeDateOf(createdAt)}.pdf`)
      .set('Cache-Control', 'private, no-store')
      .send(bytes);
  });

  router.post('/messa-a-ruolo', async (req, res) => {
    const { tenant, auth, t } = res.locals;
    const outcome = await sendToCollection(prisma, tenant.id, actorOf(auth!), today());
    flash(
      req,
      outcome.documents ? 'success' : 'info',
      outcome.documents
        ? t('adminArrears.collection.done', { count: outcome.documents, amount: formatEuro(outcome.dueCents) })
        : t('adminArrears.collection.none'),
    );
    res.redirect(303, base(res));
  });

  return router;
}
