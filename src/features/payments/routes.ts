import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { romeDateOf } from '../../domain/dates.ts';
import { MAX_CART_NOTICES } from '../../pagopa/gateway.ts';
import { formError, noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { parentFrame } from '../family/page.ts';
import { familyNoticePdf, familyReceiptPdf } from './documents.ts';
import { returnOutcomeSchema, startPaymentSchema } from './schemas.ts';
import { cartOutcome } from './outcome.ts';
import { checkout, noticeForRow, payableRows } from './service.ts';
import { topUpRoutes } from './topup-routes.ts';
import { paymentDeps, requiredDataDetour, userErrorOf } from './web.ts';

/** Parent pages: Pagamento servizi scolastici, the return from checkout, avvisi and ricevute PDFs, Ricariche, Pagamento spontaneo. */
export function paymentsRoutes(deps: AppDeps): Router {
  const router = express.Router();
  const payDeps = paymentDeps(deps);
  const { prisma } = deps;
  router.use(['/pagamenti', '/ricariche'], requireCitizen());

  const renderList = async (res: Response, status: number, selected: string[], errors: FormErrors) => {
    const rows = await payableRows(prisma, res.locals.auth!, romeDateOf(deps.clock.now()));
    res.status(status).render('payments/index', {
      ...parentFrame(res, 'payments', res.locals.t('payments.title')),
      rows,
      selected,
      errors,
      max: MAX_CART_NOTICES,
    });
  };

  router.get('/pagamenti', (_req, res) => renderList(res, 200, [], noErrors));

  router.post('/pagamenti/avvia', async (req, res) => {
    const form = parseForm(startPaymentSchema(MAX_CART_NOTICES), req.body);
    const typed = ([] as unknown[]).concat((req.body as { documenti?: unknown })?.documenti ?? []).map(String);
    if (!form.ok) return renderList(res, 422, typed, form.errors);
    const { tenant, auth } = res.locals;
    const detour = await requiredDataDetour(deps, res, `/${tenant.slug}/pagamenti`);
    if (detour) return res.redirect(303, detour);
    try {
      const notices = [];
      for (const key of form.data.documenti) notices.push(await noticeForRow(payDeps, tenant, auth!, key));
      res.redirect(303, await checkout(payDeps, tenant, auth!, notices));
    } catch (error) {
      const refused = userErrorOf(error, res.locals.t);
      if (!refused) throw error;
      await renderList(res, refused.status, typed, formError('documenti', refused.message));
    }
  });

  // The print icon of a document with no avviso yet: issue it (once), then show it.
  router.post('/pagamenti/documenti/:invoiceId/avviso', async (req, res) => {
    const { tenant, auth } = res.locals;
    try {
      const notice = await noticeForRow(payDeps, tenant, auth!, `i:${req.params.invoiceId}`);
      res.redirect(303, `/${tenant.slug}/pagamenti/avvisi/${notice.id}/pdf`);
    } catch (error) {
      const refused = userErrorOf(error, res.locals.t);
      if (!refused) throw error;
      await renderList(res, refused.status, [], formError('documenti', refused.message));
    }
  });

  router.get('/pagamenti/esito/:cartId', async (req, res) => {
    const { t, auth } = res.locals;
    const outcome = returnOutcomeSchema.parse(req.query.esito);
    const result = await cartOutcome(prisma, auth!, req.params.cartId, outcome, deps.clock.now());
    res.render('payments/outcome', {
      ...parentFrame(
        res,
        'payments',
        t('payments.outcome.title'),
        { label: t('payments.title'), href: `/${res.locals.tenant.slug}/pagamenti` },
        t('payments.outcome.title'),
      ),
      ...result,
    });
  });

  router.get('/pagamenti/avvisi/:noticeId/pdf', async (req, res) => {
    const today = romeDateOf(deps.clock.now());
    const { notice, bytes } = await familyNoticePdf(res.locals.t, prisma, res.locals.auth!, res.locals.tenant, req.params.noticeId, today);
    res.type('application/pdf').attachment(`avviso-pagopa-${notice.noticeNumber}.pdf`).send(bytes);
  });

  router.get('/pagamenti/ricevute/:noticeId/pdf', async (req, res) => {
    const { notice, bytes } = await familyReceiptPdf(res.locals.t, prisma, res.locals.auth!, res.locals.tenant, req.params.noticeId);
    res.type('application/pdf').attachment(`ricevuta-pagopa-${notice.iuv}.pdf`).send(bytes);
  });

  router.use(topUpRoutes(deps, payDeps));
  return router;
}
