import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { formatEuroPlain } from '../../../domain/money.ts';
import { fromDbDate, romeDateOf } from '../../../domain/dates.ts';
import { schoolYearOf } from '../../../domain/school-year.ts';
import type { Service, Tariff } from '../../../generated/prisma/client.ts';
import { formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { areaCrumbs } from '../area-crumbs.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { listHref, listQuery, schoolYearParam } from '../list-query.ts';
import { bandSchema, SERVICE_BILLINGS, SERVICE_KINDS, SERVICE_SORTS, serviceSchema, simulateSchema, TARIFF_UNITS } from './schemas.ts';
import {
  addBand,
  editBand,
  isVersionUsed,
  newVersion,
  TARIFF_LOCKED,
  saveService,
  serviceOf,
  servicesList,
  tariffOf,
  tariffTable,
} from './service.ts';
import { simulatePrice } from './simulate.ts';

export const TARIFFS_PATH = '/admin/tariffe';
type Values = Record<string, unknown>;
type BandMode = 'new' | 'edit' | 'version';

/** What a band form shows for an existing version: its values as the clerk would type them. */
function bandValues(t: Tariff): Values {
  const euro = (cents: number | null) => (cents === null ? '' : formatEuroPlain(cents));
  return {
    code: t.code,
    description: t.description,
    unit: t.unit,
    amount: euro(t.amountCents),
    iseeFrom: euro(t.iseeFromCents),
    iseeTo: euro(t.iseeToCents),
    siblingReduction: String(t.siblingReductionPct),
    laterSiblingReduction: t.laterSiblingReductionPct === null ? '' : String(t.laterSiblingReductionPct),
    validFrom: fromDbDate(t.validFrom),
  };
}

/** Back office "Servizi e tariffe": services, their tariff tables by school year and version, the price simulator. */
export function tariffsRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });

  const base = (res: Response) => `/${res.locals.tenant.slug}${TARIFFS_PATH}`;
  const crumbs = (res: Response, ...trail: Parameters<typeof areaCrumbs>[2][]) =>
    areaCrumbs(res, { label: res.locals.t('tariffs.title'), path: '/tariffe' }, ...trail);
  const currentYear = () => schoolYearOf(romeDateOf(clock.now()));
  const yearOf = (req: Request<{ serviceId: string }>) => schoolYearParam(req.query.anno, currentYear());
  const tablePath = (res: Response, serviceId: string, schoolYear: string) =>
    `${base(res)}/servizi/${serviceId}?anno=${encodeURIComponent(schoolYear)}`;
  const serviceCrumb = (res: Response, service: Service, schoolYear: string) => ({
    label: service.name,
    href: tablePath(res, service.id, schoolYear),
  });

  router.get('/', async (req, res) => {
    const list = listQuery(req.query, SERVICE_SORTS, 'name');
    res.render('admin/tariffs/index', {
      title: res.locals.t('tariffs.title'),
      breadcrumb: crumbs(res),
      services: await servicesList(prisma, res.locals.tenant.id, list),
      list,
      hrefFor: (change: Record<string, string | number>) => listHref(base(res), list, {}, change),
      schoolYear: currentYear(),
    });
  });

  async function renderService(res: Response, service: Service | null, status = 200, values: Values = {}, errors: FormErrors = noErrors) {
    const t = res.locals.t;
    const title = service ? t('tariffs.service.editTitle', { name: service.name }) : t('tariffs.service.newTitle');
    res.status(status).render('admin/tariffs/service-form', {
      title,
      breadcrumb: crumbs(res, title),
      service,
      values: {
        active: 'on',
        ...(service ? { ...service, instalments: service.instalments ?? '', active: service.active ? 'on' : '' } : {}),
        ...values,
      },
      errors,
      kinds: SERVICE_KINDS,
      billings: SERVICE_BILLINGS,
    });
  }

  async function submitService(req: Request, res: Response, serviceId?: string) {
    const tenantId = res.locals.tenant.id;
    const service = serviceId ? await serviceOf(prisma, tenantId, serviceId) : null;
    const form = parseForm(serviceSchema, req.body);
    if (!form.ok) return renderService(res, service, 422, form.values, form.errors);
    try {
      const saved = await saveService(prisma, { tenantId, serviceId, form: form.data, actor: actorOf(res.locals.auth!) });
      flash(req, 'success', res.locals.t('tariffs.service.saved', { name: saved.name }));
      res.redirect(tablePath(res, saved.id, currentYear()));
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      await renderService(res, service, 422, typedValues(req.body), formError(error.field, error.userMessage));
    }
  }

  router.get('/servizi/nuovo', (_req, res) => renderService(res, null));
  router.post('/servizi', (req, res) => submitService(req, res));
  router.get('/servizi/:serviceId/modifica', async (req: Request<{ serviceId: string }>, res) =>
    renderService(res, await serviceOf(prisma, res.locals.tenant.id, req.params.serviceId)),
  );
  router.post('/servizi/:serviceId', (req: Request<{ serviceId: string }>, res) => submitService(req, res, req.params.serviceId));

  router.get('/servizi/:serviceId', async (req: Request<{ serviceId: string }>, res) => {
    const anno = yearOf(req);
    const table = await tariffTable(prisma, res.locals.tenant.id, req.params.serviceId, anno);
    res.render('admin/tariffs/service', {
      title: table.service.name,
      breadcrumb: crumbs(res, table.service.name),
      ...table,
      tablePath: (year: string) => tablePath(res, table.service.id, year),
    });
  });

  async function renderBand(
    res: Response,
    mode: BandMode,
    ctx: { service: Service; schoolYear: string; tariff: Tariff | null },
    status = 200,
    values: Values = {},
    errors: FormErrors = noErrors,
  ) {
    const t = res.locals.t;
    const title = t(`tariffs.band.titles.${mode}`, { code: ctx.tariff?.code ?? '' });
    const action =
      mode === 'new'
        ? `${base(res)}/servizi/${ctx.service.id}/fasce?anno=${encodeURIComponent(ctx.schoolYear)}`
        : `${base(res)}/fasce/${ctx.tariff!.id}${mode === 'version' ? '/nuova-versione' : ''}`;
    const defaults: Values = ctx.tariff
      ? bandValues(ctx.tariff)
      : { unit: ctx.service.kind === 'CANTEEN' ? 'PER_MEAL' : 'PER_MONTH', siblingReduction: '0' };
    if (mode === 'version') defaults.validFrom = '';
    res.status(status).render('admin/tariffs/band-form', {
      title,
      breadcrumb: crumbs(res, serviceCrumb(res, ctx.service, ctx.schoolYear), title),
      mode,
      action,
      ...ctx,
      units: TARIFF_UNITS,
      values: { ...defaults, ...values },
      errors,
      backHref: tablePath(res, ctx.service.id, ctx.schoolYear),
    });
  }

  router.get('/servizi/:serviceId/fasce/nuova', async (req: Request<{ serviceId: string }>, res) => {
    const service = await serviceOf(prisma, res.locals.tenant.id, req.params.serviceId);
    const anno = yearOf(req);
    await renderBand(res, 'new', { service, schoolYear: anno, tariff: null });
  });

  router.post('/servizi/:serviceId/fasce', async (req: Request<{ serviceId: string }>, res) => {
    const tenantId = res.locals.tenant.id;
    const service = await serviceOf(prisma, tenantId, req.params.serviceId);
    const anno = yearOf(req);
    const ctx = { service, schoolYear: anno, tariff: null };
    const form = parseForm(bandSchema, req.body);
    if (!form.ok) return renderBand(res, 'new', ctx, 422, form.values, form.errors);
    try {
      await addBand(prisma, { tenantId, serviceId: service.id, schoolYear: anno, form: form.data, actor: actorOf(res.locals.auth!) });
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      return renderBand(res, 'new', ctx, 422, typedValues(req.body), formError(error.field, error.userMessage));
    }
    flash(req, 'success', res.locals.t('tariffs.band.saved'));
    res.redirect(tablePath(res, service.id, anno));
  });

  for (const mode of ['edit', 'version'] as const) {
    const suffix = mode === 'edit' ? '/modifica' : '/nuova-versione';
    router.get(`/fasce/:tariffId${suffix}`, async (req: Request<{ tariffId: string }>, res) => {
      const tariff = await tariffOf(prisma, res.locals.tenant.id, req.params.tariffId);
      const locked = mode === 'edit' && (await isVersionUsed(prisma, res.locals.tenant.id, tariff.id));
      const errors = locked ? formError('form', TARIFF_LOCKED) : noErrors;
      await renderBand(res, mode, { service: tariff.service, schoolYear: tariff.schoolYear, tariff }, 200, {}, errors);
    });
    router.post(`/fasce/:tariffId${mode === 'edit' ? '' : '/nuova-versione'}`, async (req: Request<{ tariffId: string }>, res) => {
      const tenantId = res.locals.tenant.id;
      const tariff = await tariffOf(prisma, tenantId, req.params.tariffId);
      const ctx = { service: tariff.service, schoolYear: tariff.schoolYear, tariff };
      const form = parseForm(bandSchema, { ...(req.body as Values), code: tariff.code });
      if (!form.ok) return renderBand(res, mode, ctx, 422, form.values, form.errors);
      const write = mode === 'edit' ? editBand : newVersion;
      try {
        await write(prisma, { tenantId, tariffId: tariff.id, form: form.data, actor: actorOf(res.locals.auth!) });
      } catch (error) {
        if (!(error instanceof FieldRuleError)) throw error;
        return renderBand(res, mode, ctx, 422, typedValues(req.body), formError(error.field, error.userMessage));
      }
      flash(req, 'success', res.locals.t(mode === 'edit' ? 'tariffs.band.saved' : 'tariffs.band.versionSaved'));
      res.redirect(tablePath(res, tariff.serviceId, tariff.schoolYear));
    });
  }

  router.get('/simula', async (req, res) => {
    const t = res.locals.t;
    const asked = req.query.alunno !== undefined || req.query.data !== undefined;
    // a link that names only the student ("simula per questo alunno") asks about today
    const query = { data: romeDateOf(clock.now()), ...req.query };
    const form = asked ? parseForm(simulateSchema, query) : null;
    const result = form?.ok ? await simulatePrice(prisma, res.locals.tenant.id, form.data.alunno, form.data.data) : null;
    res.status(form && !form.ok ? 422 : 200).render('admin/tariffs/simulate', {
      title: t('tariffs.simulate.title'),
      breadcrumb: crumbs(res, t('tariffs.simulate.title')),
      values: form ? (form.ok ? typedValues(query) : form.values) : { data: query.data },
      errors: form && !form.ok ? form.errors : noErrors,
      day: form?.ok ? form.data.data : null,
      result,
    });
  });

  return router;
}
