import express, { type Request, type Response, type Router } from 'express';
import { actorOf } from '../../../audit.ts';
import type { AppDeps } from '../../../deps.ts';
import { romeDateOf } from '../../../domain/dates.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { noErrors, parseForm, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { recentRuns, requestRun, runOf, writeRunZip } from '../../tax-certificates/bulk.ts';
import { areaCrumbs } from '../area-crumbs.ts';
import { runIdSchema, yearSchema } from './schemas.ts';

type IdRequest = Request<{ id: string }>;

const base = (res: Response) => `/${res.locals.tenant.slug}/admin/certificazioni`;

/** A run id that is not a uuid is a run that does not exist. */
function runId(req: IdRequest): string {
  const parsed = runIdSchema.safeParse(req.params.id);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** Certificazioni 730: a year's certificates of every family, made by a job; progress, then one ZIP to download. */
export function certificatesAdminRoutes(deps: AppDeps): Router {
  const { prisma } = deps;
  const router = express.Router({ mergeParams: true });
  const currentYear = () => Number(romeDateOf(deps.clock.now()).slice(0, 4));

  const renderIndex = async (res: Response, status: number, errors: FormErrors = noErrors, values: Record<string, unknown> = {}) => {
    const runs = await recentRuns(prisma, res.locals.tenant.id);
    res.status(status).render('admin/certificates/index', {
      title: res.locals.t('adminCertificates.title'),
      breadcrumb: areaCrumbs(res, { label: res.locals.t('adminCertificates.title'), path: '/certificazioni' }),
      runs,
      running: runs.some((run) => run.state === 'QUEUED' || run.state === 'RUNNING'),
      errors,
      values: { anno: String(currentYear() - 1), ...values },
      base: base(res),
    });
  };

  router.get('/', (_req, res) => renderIndex(res, 200));

  router.post('/', async (req, res) => {
    const form = parseForm(yearSchema(currentYear()), req.body);
    if (!form.ok) return renderIndex(res, 422, form.errors, form.values);
    await requestRun(deps, res.locals.tenant.id, form.data.anno, actorOf(res.locals.auth!));
    flash(req, 'info', res.locals.t('adminCertificates.queued', { year: form.data.anno }));
    res.redirect(303, base(res));
  });

  router.get('/:id/zip', async (req: IdRequest, res) => {
    const run = await runOf(prisma, res.locals.tenant.id, runId(req));
    if (run.state !== 'DONE') throw new NotFoundError();
    res.type('application/zip').attachment(`certificazioni-730-${run.year}-${res.locals.tenant.slug}.zip`);
    await writeRunZip(prisma, run, res);
    res.end();
  });

  return router;
}
