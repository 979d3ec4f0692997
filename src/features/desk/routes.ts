import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireRole } from '../../auth/guards.ts';
import { romeDateOf } from '../../domain/dates.ts';
import { formatEuro } from '../../domain/money.ts';
import { topUpLimitsOf } from '../../domain/top-up-limits.ts';
import { formError, noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { flash } from '../../web/view-locals.ts';
import { withStaffNav } from '../admin/nav.ts';
import { familyNoticePdf } from '../payments/documents.ts';
import { noticeForRow } from '../payments/service.ts';
import { createTopUpNotice } from '../payments/topups.ts';
import { paymentDeps, userErrorOf } from '../payments/web.ts';
import { actingForFamily, deskFamilyPage, deskGuardian } from './family.ts';
import { deskReceiptPdf, recordDeskPayment, refusePaidRow } from './payment.ts';
import { deskPrintRoutes } from './print-routes.ts';
import { deskPaymentSchema, deskTopUpSchema, printRowSchema, searchSchema } from './schemas.ts';
import { searchDebtors } from './search.ts';

/** /:comune/sportello — the cashier's desk: find a family, print its avvisi, take payments, close the day. */
export function deskRoutes(deps: AppDeps): Router {
  const router = express.Router();
  const payDeps = paymentDeps(deps);
  router.use(requireRole('CASHIER', 'ADMIN', 'CLERK'), withStaffNav());
  const today = () => romeDateOf(deps.clock.now());
  const home = (res: Response) => `/${res.locals.tenant.slug}/sportello`;
  const crumbs = (res: Response, label?: string) => [
    label ? { label: res.locals.t('adminDesk.title'), href: home(res) } : { label: res.locals.t('adminDesk.title') },
    ...(label ? [{ label }] : []),
  ];

  router.get('/', async (req, res) => {
    const { t, tenant } = res.locals;
    const { q } = searchSchema.parse(req.query);
    const result = q ? await searchDebtors(deps.prisma, tenant.id, q) : null;
    // a notice number finds one family: straight to it, the notice marked
    if (result?.notice?.guardianId && !result.warning)
      return res.redirect(303, `${home(res)}/famiglie/${result.notice.guardianId}?avviso=${result.notice.id}`);
    res.status(result?.error ? 422 : 200).render('desk/home', {
      title: t('adminDesk.title'),
      breadcrumb: crumbs(res),
      q,
      result,
      errors: result?.error ? formError('q', result.error) : noErrors,
    });
  });

  const renderFamily = async (
    res: Response,
    guardianId: string,
    status: number,
    form: { values: Record<string, unknown>; errors: FormErrors } | null,
  ) => {
    const { t, tenant, auth } = res.locals;
    const page = await deskFamilyPage(deps.prisma, auth!, guardianId, today());
    const name = `${page.guardian.firstName} ${page.guardian.lastName}`.trim();
    res.status(status).render('desk/family', {
      title: t('adminDesk.family.title', { name }),
      breadcrumb: crumbs(res, name),
      ...page,
      name,
      highlighted: typeof res.req.query.avviso === 'string' ? res.req.query.avviso : null,
      limits: topUpLimitsOf(tenant, deps.config.topUp),
      values: form?.values ?? {},
      errors: form?.errors ?? noErrors,
    });
  };

  router.get('/famiglie/:guardianId', (req, res) => renderFamily(res, req.params.guardianId, 200, null));

  /** A family action: the guardian must be of this Comune; a refusal the cashier can act on shows on the page. */
  const onFamily = (action: string, act: (req: express.Request, res: Response, guardianId: string) => Promise<void>) =>
    router.post(`/famiglie/:guardianId/${action}`, async (req, res) => {
      const guardian = await deskGuardian(deps.prisma, res.locals.tenant.id, req.params.guardianId);
      try {
        await act(req, res, guardian.id);
      } catch (error) {
        const refused = userErrorOf(error, res.locals.t);
        if (!refused) throw error;
        await renderFamily(res, guardian.id, refused.status, {
          values: req.body as Record<string, unknown>,
          errors: formError('azioni', refused.message),
        });
      }
    });

  onFamily('avvisi', async (req, res, guardianId) => {
    const form = parseForm(printRowSchema, req.body);
    if (!form.ok) return renderFamily(res, guardianId, 422, form);
    const { tenant, auth } = res.locals;
    const notice = await noticeForRow(payDeps, tenant, actingForFamily(auth!, guardianId), form.data.riga);
    res.redirect(303, `${home(res)}/famiglie/${guardianId}/avvisi/${notice.id}/pdf`);
  });

  router.get('/famiglie/:guardianId/avvisi/:noticeId/pdf', async (req, res) => {
    const { tenant, auth, t } = res.locals;
    const guardian = await deskGuardian(deps.prisma, tenant.id, req.params.guardianId);
    const { notice, bytes } = await familyNoticePdf(
      t,
      deps.prisma,
      actingForFamily(auth!, guardian.id),
      tenant,
      req.params.noticeId,
      today(),
    );
    res.type('application/pdf').attachment(`avviso-pagopa-${notice.noticeNumber}.pdf`).send(bytes);
  });

  onFamily('ricarica', async (req, res, guardianId) => {
    const { tenant, auth, t } = res.locals;
    const form = parseForm(deskTopUpSchema(topUpLimitsOf(tenant, deps.config.topUp), formatEuro), req.body);
    if (!form.ok) return renderFamily(res, guardianId, 422, form);
    const created = await createTopUpNotice(payDeps, tenant, actingForFamily(auth!, guardianId), form.data);
    if (!created.ok) return renderFamily(res, guardianId, 422, { values: req.body as Record<string, unknown>, errors: created.errors });
    flash(req, 'success', t('adminDesk.family.topUpIssued', { amount: formatEuro(created.notice.amountCents) }));
    res.redirect(303, `${home(res)}/famiglie/${guardianId}?avviso=${created.notice.id}`);
  });

  onFamily('pagamenti', async (req, res, guardianId) => {
    const { tenant, auth, t } = res.locals;
    const form = parseForm(deskPaymentSchema, req.body);
    if (!form.ok) return renderFamily(res, guardianId, 422, form);
    await refusePaidRow(deps.prisma, tenant.id, form.data.riga);
    const notice = await noticeForRow(payDeps, tenant, actingForFamily(auth!, guardianId), form.data.riga);
    const payment = await recordDeskPayment(payDeps, tenant, auth!, guardianId, notice.id, form.data.metodo);
    flash(
      req,
      'success',
      t('adminDesk.family.paid', { amount: formatEuro(payment.amountCents), method: t(`adminDesk.methods.${payment.method}`) }),
    );
    res.redirect(303, `${home(res)}/famiglie/${guardianId}?pagamento=${payment.id}`);
  });

  router.get('/pagamenti/:paymentId/ricevuta', async (req, res) => {
    const { payment, bytes } = await deskReceiptPdf(payDeps, res.locals.t, res.locals.tenant, req.params.paymentId);
    res.type('application/pdf').attachment(`ricevuta-sportello-${payment.id}.pdf`).send(bytes);
  });

  router.use(deskPrintRoutes(deps));
  return router;
}
