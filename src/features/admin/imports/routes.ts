import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../../audit.ts';
import type { AppDeps } from '../../../deps.ts';
import { toCsv } from '../../../web/csv.ts';
import { fieldText, formError, noErrors, type FormErrors } from '../../../web/forms.ts';
import { uploadedFile } from '../../../web/multipart.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { BALANCE_COLUMNS } from './balances.ts';
import { batchOf, batchTotals, checkUpload, confirmBatch, outcomesOf, recentBatches, sendImport } from './batches.ts';
import { ENROLLMENT_COLUMNS } from './enrollments.ts';
import { EXPORTS, streamExport } from './exports.ts';
import { FAMILY_COLUMNS } from './families.ts';

type IdRequest = Request<{ id: string }>;
const kindSchema = z.enum(['FAMILIES', 'ENROLLMENTS', 'OPENING_BALANCES']);
/** How many rows of the outcome the page lists; the downloadable CSV has them all. */
const ROWS_SHOWN = 200;

const base = (res: Response) => `/${res.locals.tenant.slug}/admin/importazioni`;

function crumbs(res: Response, ...trail: string[]) {
  const { t, tenant } = res.locals;
  return [
    { label: t('adminNav.adminArea'), href: `/${tenant.slug}/admin` },
    { label: t('adminImports.title'), href: base(res) },
    ...trail.map((label) => ({ label })),
  ];
}

/** Importazione ed esportazione: CSV files in (dry run, then the real import as a background job) and out. */
export function importsAdminRoutes(deps: AppDeps): Router {
  const { prisma } = deps;
  const router = express.Router({ mergeParams: true });

  const renderIndex = async (res: Response, status: number, errors: FormErrors = noErrors, kind = 'FAMILIES') => {
    const t = res.locals.t;
    res.status(status).render('admin/imports/index', {
      title: t('adminImports.title'),
      breadcrumb: crumbs(res),
      batches: await recentBatches(prisma, res.locals.tenant.id),
      errors,
      kind,
      familyColumns: FAMILY_COLUMNS,
      balanceColumns: BALANCE_COLUMNS,
      enrollmentColumns: ENROLLMENT_COLUMNS,
      exports: Object.keys(EXPORTS),
      base: base(res),
    });
  };

  router.get('/', (_req, res) => renderIndex(res, 200));

  router.post('/verifica', async (req, res) => {
    const kind = kindSchema.safeParse(fieldText((req.body as Record<string, unknown> | undefined)?.kind));
    if (!kind.success) return renderIndex(res, 422, formError('kind', res.locals.t('adminImports.chooseKind')));
    const file = uploadedFile(req, 'file');
    try {
      const batch = await checkUpload(
        prisma,
        res.locals.tenant,
        actorOf(res.locals.auth!),
        kind.data,
        file && { originalName: file.originalname, buffer: file.buffer },
        req.uploadTooLarge === true,
      );
      res.redirect(303, `${base(res)}/${batch.id}`);
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      await renderIndex(res, 422, formError(error.field, error.userMessage), kind.data);
    }
  });

  router.get('/esporta/:what', async (req: Request<{ what: string }>, res) => {
    await streamExport(prisma, res.locals.tenant.id, req.params.what, res);
  });

  router.get('/:id', async (req: IdRequest, res) => {
    const batch = await batchOf(prisma, res.locals.tenant.id, req.params.id);
    const t = res.locals.t;
    const outcomes = outcomesOf(batch);
    const running = batch.state === 'QUEUED' || batch.state === 'RUNNING';
    res.render('admin/imports/batch', {
      title: t('adminImports.batchTitle', { file: batch.fileName }),
      breadcrumb: crumbs(res, batch.fileName),
      batch,
      totals: batchTotals(batch),
      refused: outcomes.filter((row) => row.outcome === 'refused').slice(0, ROWS_SHOWN),
      shown: outcomes.slice(0, ROWS_SHOWN),
      more: Math.max(0, outcomes.length - ROWS_SHOWN),
      refreshSeconds: running ? 2 : undefined,
      self: `${base(res)}/${batch.id}`,
    });
  });

  router.get('/:id/esito.csv', async (req: IdRequest, res) => {
    const batch = await batchOf(prisma, res.locals.tenant.id, req.params.id);
    const t = res.locals.t;
    const header = ['line', 'key', 'outcome', 'message'].map((column) => t(`adminImports.outcomeColumns.${column}`));
    const rows = outcomesOf(batch).map((row) => [row.line, row.key, t(`adminImports.outcomes.${row.outcome}`), row.message]);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`esito-${batch.fileName.replace(/\.csv$/i, '')}.csv`)
      .send(toCsv(header, rows));
  });

  router.post('/:id/conferma', async (req: IdRequest, res) => {
    try {
      const batch = await confirmBatch(prisma, res.locals.tenant, actorOf(res.locals.auth!), req.params.id);
      // the import runs as a job, on any replica; the batch page follows its progress
      if (batch.state === 'QUEUED') await sendImport(deps.jobs, batch.id);
      flash(req, 'info', res.locals.t('adminImports.queued'));
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      flash(req, 'danger', error.userMessage);
    }
    res.redirect(303, `${base(res)}/${req.params.id}`);
  });

  return router;
}
