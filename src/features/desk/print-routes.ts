import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { romeDateOf, toDbDate } from '../../domain/dates.ts';
import { deskDayTotals } from '../../domain/desk-totals.ts';
import { noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { NotFoundError } from '../../web/errors.ts';
import { bulkPrintChoices, DESK_PRINT_KEEP_DAYS, deskPrintOf, deskPrintPath, startDeskPrint } from './bulk-print.ts';
import { bulkPrintSchema, dayReportSchema } from './schemas.ts';

const REFRESH_SECONDS = 2;

/** The desk's bulk print of avvisi (a job, followed on its page) and the day report for the cash closing. */
export function deskPrintRoutes(deps: AppDeps): Router {
  const router = express.Router();
  const home = (res: Response) => `/${res.locals.tenant.slug}/sportello`;
  const crumbs = (res: Response, ...labels: { label: string; href?: string }[]) => [
    { label: res.locals.t('adminDesk.title'), href: home(res) },
    ...labels,
  ];

  const renderBulk = async (res: Response, status: number, values: Record<string, unknown>, errors: FormErrors) => {
    const { t, tenant } = res.locals;
    res.status(status).render('desk/bulk', {
      title: t('adminDesk.bulk.title'),
      breadcrumb: crumbs(res, { label: t('adminDesk.bulk.title') }),
      ...(await bulkPrintChoices(deps.prisma, tenant.id)),
      values,
      errors,
    });
  };

  router.get('/stampe', (_req, res) => renderBulk(res, 200, {}, noErrors));

  router.post('/stampe', async (req, res) => {
    const form = parseForm(bulkPrintSchema, req.body);
    if (!form.ok) return renderBulk(res, 422, form.values, form.errors);
    const print = await startDeskPrint(deps, res.locals.tenant, res.locals.auth!, form.data);
    res.redirect(303, `${home(res)}/stampe/${print.id}`);
  });

  router.get('/stampe/:printId', async (req, res) => {
    const { t, tenant } = res.locals;
    const print = await deskPrintOf(deps.prisma, tenant.id, req.params.printId);
    const running = print.state === 'QUEUED' || print.state === 'RUNNING';
    res.render('desk/print', {
      title: t('adminDesk.bulk.progressTitle'),
      breadcrumb: crumbs(
        res,
        { label: t('adminDesk.bulk.title'), href: `${home(res)}/stampe` },
        { label: t('adminDesk.bulk.progressTitle') },
      ),
      print,
      running,
      keepDays: DESK_PRINT_KEEP_DAYS,
      percent: print.total ? Math.floor((100 * print.done) / print.total) : running ? 0 : 100,
      refreshSeconds: running ? REFRESH_SECONDS : null,
    });
  });

  // Streamed from the file: the PDF of thousands of avvisi never sits in memory.
  router.get('/stampe/:printId/pdf', async (req, res) => {
    const print = await deskPrintOf(deps.prisma, res.locals.tenant.id, req.params.printId);
    if (print.state !== 'DONE' || !print.filePath) throw new NotFoundError();
    const file = deskPrintPath(deps.config.dataDir, print);
    await access(file).catch(() => {
      throw new NotFoundError();
    });
    res.type('application/pdf').attachment(`avvisi-${print.id}.pdf`);
    if (print.sizeBytes) res.setHeader('Content-Length', String(print.sizeBytes));
    await pipeline(createReadStream(file), res);
  });

  router.get('/giornata', async (req, res) => {
    const { t, tenant } = res.locals;
    const day = dayReportSchema.parse(req.query).giorno ?? romeDateOf(deps.clock.now());
    const payments = await deps.prisma.deskPayment.findMany({
      where: { tenantId: tenant.id, paidOn: toDbDate(day) },
      include: { notice: { select: { noticeNumber: true, subject: true, debtorName: true } } },
      orderBy: [{ cashierName: 'asc' }, { paidAt: 'asc' }],
    });
    res.render('desk/day', {
      title: t('adminDesk.day.title'),
      breadcrumb: crumbs(res, { label: t('adminDesk.day.title') }),
      day,
      payments,
      totals: deskDayTotals(payments),
    });
  });

  return router;
}
