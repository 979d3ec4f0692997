import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../../../audit.ts';
import type { AppDeps } from '../../../deps.ts';
import { formatItalianDate, romeDateOf } from '../../../domain/dates.ts';
import { formatEuro } from '../../../domain/money.ts';
import { nextSepaBusinessDay } from '../../../domain/sepa.ts';
import { dayField, FieldRuleError, formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { uploadedFile } from '../../../web/multipart.ts';
import { flash } from '../../../web/view-locals.ts';
import { areaCrumbs } from '../area-crumbs.ts';
import { batchesOf, batchOf, collectableCount, collectableInvoiceIds, createSddBatch } from '../../sdd/batch.ts';
import { importReturnFile, type ReturnSummary } from '../../sdd/returns.ts';

const generateSchema = z.object({ collectionOn: dayField('Inserisci la data di addebito.') });

interface PageState {
  values?: Record<string, unknown>;
  errors?: FormErrors;
  summary?: ReturnSummary;
}

/** Addebiti SDD: the Comune's pain.008 files (list, download, "Genera file SDD") and the bank's returns. */
export function sddAdminRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router({ mergeParams: true });
  const base = (res: Response) => `/${res.locals.tenant.slug}/admin/addebiti`;
  const earliest = () => nextSepaBusinessDay(romeDateOf(clock.now()));

  async function render(res: Response, status: number, state: PageState = {}) {
    const { t, tenant } = res.locals;
    res.status(status).render('admin/sdd/index', {
      title: t('adminSdd.title'),
      breadcrumb: areaCrumbs(res, { label: t('adminSdd.title'), path: '/addebiti' }),
      batches: await batchesOf(prisma, tenant.id),
      pendingCount: await collectableCount(prisma, tenant.id),
      values: state.values ?? { collectionOn: formatItalianDate(earliest()) },
      errors: state.errors ?? noErrors,
      summary: state.summary,
      creditorMissing: !tenant.sddCreditorId,
      base: base(res),
    });
  }

  router.get('/', (_req, res) => render(res, 200));

  router.post('/genera', async (req, res) => {
    const form = parseForm(generateSchema, req.body);
    if (!form.ok) return render(res, 422, { values: form.values, errors: form.errors });
    const first = earliest();
    if (form.data.collectionOn < first)
      return render(res, 422, {
        values: typedValues(req.body),
        errors: formError(
          'collectionOn',
          `La data di addebito deve essere almeno il prossimo giorno lavorativo, il ${formatItalianDate(first)}.`,
        ),
      });
    const { tenant, t } = res.locals;
    try {
      const ids = await collectableInvoiceIds(prisma, tenant.id);
      const batch = await createSddBatch(
        prisma,
        tenant,
        { billingRunId: null, invoiceIds: ids, collectionOn: form.data.collectionOn },
        actorOf(res.locals.auth!),
      );
      if (batch) flash(req, 'success', t('adminSdd.created', { count: batch.count, total: formatEuro(batch.totalCents) }));
      else flash(req, 'info', t('adminSdd.nothingToCollect'));
      res.redirect(303, base(res));
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      await render(res, 422, { values: typedValues(req.body), errors: formError('collectionOn', error.userMessage) });
    }
  });

  router.get('/:id/file.xml', async (req: Request<{ id: string }>, res) => {
    const batch = await batchOf(prisma, res.locals.tenant.id, req.params.id);
    res.set('Cache-Control', 'no-store');
    res.type('application/xml; charset=utf-8').attachment(`${batch.messageId}.xml`).send(batch.xml);
  });

  // the file is read by the one multipart middleware (web/multipart.ts), the token travels in the form's body
  router.post('/esiti', async (req, res) => {
    const file = uploadedFile(req, 'file');
    if (req.uploadTooLarge) return render(res, 422, { errors: formError('file', res.locals.t('adminSdd.fileTooLarge')) });
    try {
      const summary = await importReturnFile(prisma, {
        tenantId: res.locals.tenant.id,
        actor: actorOf(res.locals.auth!),
        today: romeDateOf(clock.now()),
        fileName: file?.originalname ?? '',
        bytes: file?.buffer,
      });
      await render(res, 200, { summary });
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      await render(res, 422, { errors: formError(error.field, error.userMessage) });
    }
  });

  return router;
}
