import express, { type Request, type Response, type Router } from 'express';
import { actorOf } from '../../../audit.ts';
import type { AppDeps } from '../../../deps.ts';
import { addDays, romeDateOf } from '../../../domain/dates.ts';
import { groupAnomalies, periodLabel } from '../../../domain/billing-run.ts';
import { ConflictError, DomainRuleError, NotFoundError } from '../../../web/errors.ts';
import { fieldText, noErrors, parseForm, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { pageNumber, pageWindow } from '../../family/page.ts';
import { cancelRun } from '../../billing/cancel.ts';
import { previewRun } from '../../billing/preview.ts';
import { billableServices, confirmRun, recentRuns, retryRun, runInvoices, runOf, runStatusOf, RunExistsError } from '../../billing/run.ts';
import { areaCrumbs } from '../area-crumbs.ts';
import { ADMIN_PAGE_SIZE } from '../list-query.ts';
import { cancelSchema, runChoiceSchema, runIdSchema } from './schemas.ts';

type IdRequest = Request<{ id: string }>;

const base = (res: Response) => `/${res.locals.tenant.slug}/admin/fatturazione`;

const crumbs = (res: Response, ...trail: string[]) =>
  areaCrumbs(res, { label: res.locals.t('adminBilling.title'), path: '/fatturazione' }, ...trail);

/** A run id that is not a uuid is a run that does not exist. */
function runId(req: IdRequest): string {
  const parsed = runIdSchema.safeParse(req.params.id);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** Fatturazione: monthly runs — choose service and month, preview, confirm, follow the progress, cancel. */
export function billingAdminRoutes(deps: AppDeps): Router {
  const { prisma } = deps;
  const router = express.Router({ mergeParams: true });

  const renderIndex = async (res: Response, status: number, errors: FormErrors = noErrors, values: Record<string, unknown> = {}) => {
    const tenantId = res.locals.tenant.id;
    const [services, runs] = await Promise.all([billableServices(prisma, tenantId), recentRuns(prisma, tenantId)]);
    const lastMonth = addDays(`${romeDateOf(deps.clock.now()).slice(0, 7)}-01`, -1).slice(0, 7);
    res.status(status).render('admin/billing/index', {
      title: res.locals.t('adminBilling.title'),
      breadcrumb: crumbs(res),
      services,
      runs: runs.map((run) => ({ ...run, status: runStatusOf(run), periodLabel: periodLabel(run.period) })),
      errors,
      values: { servizio: services[0]?.id ?? '', mese: lastMonth, ...values },
      base: base(res),
    });
  };

  router.get('/', (_req, res) => renderIndex(res, 200));

  router.get('/anteprima', async (req, res) => {
    // the form's address with nothing chosen yet is the form itself
    if (req.query.servizio === undefined && req.query.mese === undefined) return res.redirect(303, base(res));
    const form = parseForm(runChoiceSchema, { servizio: fieldText(req.query.servizio), mese: fieldText(req.query.mese) });
    if (!form.ok) return renderIndex(res, 422, form.errors, form.values);
    const preview = await previewRun(prisma, res.locals.tenant, form.data.servizio, form.data.mese, deps.clock.now());
    const window = pageWindow(preview.families.length, pageNumber(req.query.pagina), ADMIN_PAGE_SIZE);
    const query = (page: number) => `${base(res)}/anteprima?${new URLSearchParams({ ...form.data, pagina: String(page) }).toString()}`;
    const period = periodLabel(form.data.mese);
    res.render('admin/billing/preview', {
      title: res.locals.t('adminBilling.previewTitle', { service: preview.service.name, period }),
      breadcrumb: crumbs(res, period),
      preview,
      anomalyGroups: groupAnomalies(preview.anomalies),
      families: preview.families.slice(window.skip, window.skip + window.take),
      page: window.page,
      pages: window.pages,
      hrefFor: query,
      choice: form.data,
      base: base(res),
    });
  });

  router.post('/conferma', async (req, res) => {
    const form = parseForm(runChoiceSchema, req.body);
    if (!form.ok) return renderIndex(res, 422, form.errors, form.values);
    const { t } = res.locals;
    try {
      const run = await confirmRun(
        deps,
        res.locals.tenant,
        { serviceId: form.data.servizio, period: form.data.mese },
        actorOf(res.locals.auth!),
      );
      flash(req, 'info', t('adminBilling.queued'));
      res.redirect(303, `${base(res)}/${run.id}`);
    } catch (error) {
      if (error instanceof RunExistsError) {
        flash(req, 'warning', t('adminBilling.exists'));
        return res.redirect(303, `${base(res)}/${error.runId}`);
      }
      if (!(error instanceof DomainRuleError)) throw error;
      flash(req, 'danger', error.userMessage);
      res.redirect(303, `${base(res)}/anteprima?${new URLSearchParams(form.data).toString()}`);
    }
  });

  router.get('/:id', async (req: IdRequest, res) => {
    const run = await runOf(prisma, res.locals.tenant.id, runId(req));
    const window = pageWindow(
      await prisma.invoice.count({ where: { tenantId: run.tenantId, billingRunId: run.id } }),
      pageNumber(req.query.pagina),
      ADMIN_PAGE_SIZE,
    );
    const { invoices } = await runInvoices(prisma, run.tenantId, run.id, window.page, ADMIN_PAGE_SIZE);
    const period = periodLabel(run.period);
    const self = `${base(res)}/${run.id}`;
    res.render('admin/billing/run', {
      title: res.locals.t('adminBilling.runTitle', { service: run.service.name, period }),
      breadcrumb: crumbs(res, `${run.service.name}, ${period}`),
      run,
      status: runStatusOf(run),
      previewTotals: run.previewTotals as { families: number; totalCents: number },
      invoices,
      page: window.page,
      pages: window.pages,
      hrefFor: (n: number) => `${self}?pagina=${n}`,
      self,
    });
  });

  router.get('/:id/stato', async (req: IdRequest, res) => {
    const run = await runOf(prisma, res.locals.tenant.id, runId(req));
    const status = runStatusOf(run);
    const { t } = res.locals;
    res.json({
      ...status,
      familiesText: t('adminBilling.progressFamilies', { done: status.familiesDone, total: status.familiesTotal }),
      noticesText: t('adminBilling.progressNotices', { done: status.noticesDone, total: status.noticesTotal }),
    });
  });

  router.post('/:id/riprova', async (req: IdRequest, res) => {
    const id = runId(req);
    try {
      await retryRun(deps, res.locals.tenant.id, id, actorOf(res.locals.auth!));
      flash(req, 'info', res.locals.t('adminBilling.retried'));
    } catch (error) {
      if (!(error instanceof DomainRuleError)) throw error;
      flash(req, 'danger', error.userMessage);
    }
    res.redirect(303, `${base(res)}/${id}`);
  });

  router.post('/:id/annulla', async (req: IdRequest, res) => {
    const id = runId(req);
    await runOf(prisma, res.locals.tenant.id, id);
    const form = parseForm(cancelSchema, req.body);
    if (!form.ok) {
      flash(req, 'danger', res.locals.t('adminBilling.cancelConfirmMissing'));
      return res.redirect(303, `${base(res)}/${id}#annulla`);
    }
    try {
      await cancelRun(deps, res.locals.tenant, id, actorOf(res.locals.auth!));
      flash(req, 'success', res.locals.t('adminBilling.cancelled'));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      flash(req, 'danger', error.userMessage);
    }
    res.redirect(303, `${base(res)}/${id}`);
  });

  return router;
}
