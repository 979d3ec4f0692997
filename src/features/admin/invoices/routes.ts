import express, { type Request, type Response, type Router } from 'express';
import { actorOf } from '../../../audit.ts';
import type { AppDeps } from '../../../deps.ts';
import { formatEuro } from '../../../domain/money.ts';
import { formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { issueCreditNote, type CreditNoteOutcome } from '../../billing/credit-notes.ts';
import { areaCrumbs } from '../area-crumbs.ts';
import { listLinks, listQuery } from '../list-query.ts';
import { amountsOf, creditNoteSchema } from './schemas.ts';
import { INVOICE_SORTS, invoiceForOffice, invoiceList } from './service.ts';

type IdRequest = Request<{ id: string }>;

const crumbs = (res: Response, ...trail: Parameters<typeof areaCrumbs>[2][]) =>
  areaCrumbs(res, { label: res.locals.t('adminInvoices.title'), path: '/documenti' }, ...trail);

/** What the clerk reads after issuing: where the credit went, and what became of the pagoPA notice. */
function doneMessage(res: Response, outcome: Extract<CreditNoteOutcome, { ok: true }>): string {
  const { t } = res.locals;
  const parts = [
    t('adminInvoices.credit.issued', { number: outcome.creditNote.number, amount: formatEuro(-outcome.creditNote.totalCents) }),
  ];
  if (outcome.toInvoiceCents > 0)
    parts.push(
      outcome.dueCents > 0 ? t('adminInvoices.credit.due', { amount: formatEuro(outcome.dueCents) }) : t('adminInvoices.credit.settled'),
    );
  if (outcome.cancelledNotices.length)
    parts.push(t('adminInvoices.credit.noticeCancelled', { numbers: outcome.cancelledNotices.join(', ') }));
  if (outcome.newNotice) parts.push(t('adminInvoices.credit.noticeIssued', { number: outcome.newNotice.noticeNumber }));
  if (outcome.noticeDeferred) parts.push(t('adminInvoices.credit.noticeDeferred'));
  if (outcome.toAdjustmentCents > 0) parts.push(t('adminInvoices.credit.adjustment', { amount: formatEuro(outcome.toAdjustmentCents) }));
  return parts.join(' ');
}

/** /:comune/admin/documenti — the Comune's documenti contabili, one document, and its credit notes. */
export function adminInvoiceRoutes(deps: AppDeps): Router {
  const { prisma } = deps;
  const router = express.Router();
  const base = (res: Response) => `/${res.locals.tenant.slug}/admin/documenti`;

  router.get('/', async (req, res) => {
    const { t, tenant } = res.locals;
    const query = listQuery(req.query, INVOICE_SORTS, 'recenti');
    const guardian = typeof req.query.intestatario === 'string' ? req.query.intestatario : '';
    res.render('admin/invoices/index', {
      title: t('adminInvoices.title'),
      breadcrumb: crumbs(res),
      query,
      guardian,
      sorts: INVOICE_SORTS.map((value) => ({ value, label: t(`adminInvoices.sorts.${value}`) })),
      list: await invoiceList(prisma, tenant.id, query, guardian),
      hrefFor: (page: number) => listLinks(base(res), { q: query.q, ordina: query.sort, intestatario: guardian })({ pagina: page }),
    });
  });

  router.get('/:id', async (req: IdRequest, res) => {
    const data = await invoiceForOffice(prisma, res.locals.tenant.id, req.params.id);
    const title = res.locals.t('adminInvoices.detail.title', { number: data.invoice.number });
    res.render('admin/invoices/detail', {
      title,
      breadcrumb: crumbs(res, title),
      ...data,
    });
  });

  const renderCreditForm = async (res: Response, status: number, id: string, values: Record<string, unknown>, errors: FormErrors) => {
    const data = await invoiceForOffice(prisma, res.locals.tenant.id, id);
    const { t } = res.locals;
    const title = t('adminInvoices.credit.title', { number: data.invoice.number });
    const detail = `${base(res)}/${data.invoice.id}`;
    res.status(status).render('admin/invoices/credit-note', {
      title,
      breadcrumb: crumbs(res, { label: data.invoice.number, href: detail }, title),
      ...data,
      values,
      errors,
      action: `${detail}/nota-di-credito`,
      cancel: detail,
    });
  };

  router.get('/:id/nota-di-credito', (req: IdRequest, res) => renderCreditForm(res, 200, req.params.id, {}, noErrors));

  router.post('/:id/nota-di-credito', async (req: IdRequest, res) => {
    const { tenant, auth } = res.locals;
    const { invoice } = await invoiceForOffice(prisma, tenant.id, req.params.id);
    const lineIds = invoice.lines.map((line) => line.id);
    const form = parseForm(creditNoteSchema(lineIds), req.body);
    if (!form.ok) return renderCreditForm(res, 422, invoice.id, form.values, form.errors);
    const outcome = await issueCreditNote(
      {
        prisma,
        pagopa: deps.pagopa,
        now: deps.clock.now(),
        log: (error) => deps.logger.warn({ err: error }, 'credit note: new notice not published'),
      },
      tenant,
      actorOf(auth!),
      invoice.id,
      { reason: form.data.motivo, amounts: amountsOf(form.data, lineIds) },
    );
    if (!outcome.ok) return renderCreditForm(res, 422, invoice.id, typedValues(req.body), formError(outcome.field, outcome.message));
    flash(req, 'success', doneMessage(res, outcome));
    res.redirect(303, `${base(res)}/${invoice.id}`);
  });

  return router;
}
