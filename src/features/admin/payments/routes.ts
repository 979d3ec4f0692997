import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { actorOf } from '../../../audit.ts';
import { requireRole } from '../../../auth/guards.ts';
import { noErrors, parseForm, type FormErrors } from '../../../web/forms.ts';
import { flash } from '../../../web/view-locals.ts';
import { resolveReceiptSchema } from './schemas.ts';
import { reconciliationList, resolveReceipt } from './service.ts';

/** /:tenant/admin/pagamenti — receipts pagoPA sent that could not be applied, and what the clerk did about them. */
export function reconciliationRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.use(requireRole('ADMIN', 'CLERK'));

  const render = async (
    res: Response,
    status: number,
    active: { id: string; values: Record<string, unknown>; errors: FormErrors } | null,
  ) => {
    const { t, tenant } = res.locals;
    res.status(status).render('admin/payments/index', {
      title: t('payments.reconciliation.title'),
      breadcrumb: [{ label: 'Area amministrativa', href: `/${tenant.slug}/admin` }, { label: t('payments.reconciliation.title') }],
      ...(await reconciliationList(deps.prisma, tenant.id)),
      active,
      noErrors,
    });
  };

  router.get('/', (_req, res) => render(res, 200, null));

  router.post('/ricevute/:receiptId', async (req, res) => {
    const { tenant, auth, t } = res.locals;
    const id = String(req.params.receiptId);
    const form = parseForm(resolveReceiptSchema, req.body);
    if (!form.ok) return render(res, 422, { id, values: form.values, errors: form.errors });
    const result = await resolveReceipt(
      { prisma: deps.prisma, pagopa: deps.pagopa, now: deps.clock.now() },
      tenant,
      actorOf(auth!),
      id,
      form.data,
    );
    if (!result.ok) return render(res, 422, { id, values: req.body as Record<string, unknown>, errors: result.errors });
    flash(req, 'success', t('payments.reconciliation.done'));
    res.redirect(303, `/${tenant.slug}/admin/pagamenti`);
  });

  return router;
}
