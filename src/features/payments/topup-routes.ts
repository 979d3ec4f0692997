import { topUpLimitsOf } from '../../domain/top-up-limits.ts';
import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { romeDateOf } from '../../domain/dates.ts';
import { formatEuro } from '../../domain/money.ts';
import { flash } from '../../web/view-locals.ts';
import { formError, noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { parentFrame } from '../family/page.ts';
import { requiredDataDetour, userErrorOf } from './web.ts';
import { spontaneousSchema, topUpSchema } from './schemas.ts';
import { checkout, noticeForRow, type PaymentDeps } from './service.ts';
import { createSpontaneousNotice, spontaneousChoices } from './spontaneous.ts';
import { createTopUpNotice, deleteTopUpNotice, renewTopUpNotice, topUpChoices, topUpTarget } from './topups.ts';

const PRESETS = [1000, 2000, 5000];

/** Ricariche con pagoPA (seeds 001, 004) and Pagamento spontaneo (seed 002). */
export function topUpRoutes(deps: AppDeps, payDeps: PaymentDeps): Router {
  const router = express.Router();
  const { prisma, config } = deps;
  const limitsFor = (res: Response) => topUpLimitsOf(res.locals.tenant, config.topUp);

  const renderTopUps = async (res: Response, status: number, values: Record<string, unknown>, errors: FormErrors) => {
    const choices = await topUpChoices(prisma, res.locals.auth!, romeDateOf(deps.clock.now()));
    res.status(status).render('payments/topups', {
      ...parentFrame(res, 'topups', res.locals.t('payments.topups.title')),
      ...choices,
      presets: PRESETS,
      limits: limitsFor(res),
      values: { importo: '1000', ...values },
      errors,
    });
  };

  router.get('/ricariche', (_req, res) => renderTopUps(res, 200, {}, noErrors));

  router.post('/ricariche', async (req, res) => {
    const form = parseForm(topUpSchema(limitsFor(res), formatEuro), req.body);
    if (!form.ok) return renderTopUps(res, 422, form.values, form.errors);
    const { tenant, auth, t } = res.locals;
    const detour = await requiredDataDetour(deps, res, `/${tenant.slug}/ricariche`, [form.data.studentId]);
    if (detour) return res.redirect(303, detour);
    // Seed 004: "Genera avviso" shows the top-up's summary first; its button sends the same values back, confirmed.
    if (form.data.mode === 'avviso' && !form.data.confirmed) {
      const target = await topUpTarget(prisma, tenant, auth!, form.data);
      if (!target.ok) return renderTopUps(res, 422, req.body as Record<string, unknown>, target.errors);
      return res.render('payments/topup-confirm', {
        ...parentFrame(
          res,
          'topups',
          t('payments.topups.confirm.title'),
          { label: t('payments.topups.title'), href: `/${tenant.slug}/ricariche` },
          t('payments.topups.confirm.title'),
        ),
        student: target.student,
        service: target.wallet.service,
        amountCents: form.data.amountCents,
      });
    }
    try {
      const created = await createTopUpNotice(payDeps, tenant, auth!, form.data);
      if (!created.ok) return renderTopUps(res, 422, req.body as Record<string, unknown>, created.errors);
      if (form.data.mode === 'online') return res.redirect(303, await checkout(payDeps, tenant, auth!, [created.notice]));
      flash(req, 'success', t('payments.topups.generated', { amount: formatEuro(created.notice.amountCents) }));
      res.redirect(303, `/${tenant.slug}/ricariche`);
    } catch (error) {
      const refused = userErrorOf(error, res.locals.t);
      if (!refused) throw error;
      await renderTopUps(res, refused.status, req.body as Record<string, unknown>, formError('importo', refused.message));
    }
  });

  /** A button on one generated avviso: `act` answers; a refusal the parent can act on shows on the page. */
  const onTopUpNotice = (action: string, payment: boolean, act: (req: Request, res: Response, noticeId: string) => Promise<void>) =>
    router.post(`/ricariche/avvisi/:noticeId/${action}`, async (req, res) => {
      const detour = payment ? await requiredDataDetour(deps, res, `/${res.locals.tenant.slug}/ricariche`) : null;
      if (detour) return res.redirect(303, detour);
      try {
        await act(req, res, req.params.noticeId);
      } catch (error) {
        const refused = userErrorOf(error, res.locals.t);
        if (!refused) throw error;
        await renderTopUps(res, refused.status, {}, formError('importo', refused.message));
      }
    });

  onTopUpNotice('paga', true, async (_req, res, noticeId) => {
    const { tenant, auth } = res.locals;
    const notice = await noticeForRow(payDeps, tenant, auth!, `n:${noticeId}`);
    res.redirect(303, await checkout(payDeps, tenant, auth!, [notice]));
  });

  // An expired avviso cannot be paid any more: the parent gets a new one for the same child and amount.
  onTopUpNotice('rinnova', true, async (req, res, noticeId) => {
    const { tenant, auth, t } = res.locals;
    const renewed = await renewTopUpNotice(payDeps, tenant, auth!, noticeId);
    if (!renewed.ok) return renderTopUps(res, 422, {}, renewed.errors);
    flash(req, 'success', t('payments.topups.generated', { amount: formatEuro(renewed.notice.amountCents) }));
    res.redirect(303, `/${tenant.slug}/ricariche`);
  });

  onTopUpNotice('elimina', false, async (req, res, noticeId) => {
    const { tenant, auth, t } = res.locals;
    await deleteTopUpNotice(payDeps, tenant, auth!, noticeId, deps.clock.now());
    flash(req, 'success', t('payments.topups.deleted'));
    res.redirect(303, `/${tenant.slug}/ricariche`);
  });

  const renderSpontaneous = async (res: Response, status: number, values: Record<string, unknown>, errors: FormErrors) => {
    const { t, tenant } = res.locals;
    const choices = await spontaneousChoices(prisma, res.locals.auth!);
    const selectedPeriods = ([] as unknown[]).concat(values.periodi ?? []).map(String);
    res.status(status).render('payments/spontaneous', {
      ...parentFrame(
        res,
        'payments',
        t('payments.spontaneous.title'),
        { label: t('payments.title'), href: `/${tenant.slug}/pagamenti` },
        t('payments.spontaneous.title'),
      ),
      ...choices,
      values: { ...values, periodi: selectedPeriods },
      errors,
    });
  };

  router.get('/pagamenti/spontaneo', (_req, res) => renderSpontaneous(res, 200, {}, noErrors));

  router.post('/pagamenti/spontaneo', async (req, res) => {
    const form = parseForm(spontaneousSchema, req.body);
    if (!form.ok) return renderSpontaneous(res, 422, form.values, form.errors);
    const { tenant, auth } = res.locals;
    const detour = await requiredDataDetour(deps, res, `/${tenant.slug}/pagamenti/spontaneo`, [form.data.alunno]);
    if (detour) return res.redirect(303, detour);
    try {
      const created = await createSpontaneousNotice(payDeps, tenant, auth!, form.data, res.locals);
      if (!created.ok) return renderSpontaneous(res, 422, req.body as Record<string, unknown>, created.errors);
      res.redirect(303, await checkout(payDeps, tenant, auth!, [created.notice]));
    } catch (error) {
      const refused = userErrorOf(error, res.locals.t);
      if (!refused) throw error;
      await renderSpontaneous(res, refused.status, req.body as Record<string, unknown>, formError('alunno', refused.message));
    }
  });

  return router;
}
