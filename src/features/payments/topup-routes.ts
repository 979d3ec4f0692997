import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { formatEuro } from '../../domain/money.ts';
import { flash } from '../../web/view-locals.ts';
import { formError, noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { parentFrame } from '../family/page.ts';
import { requiredDataDetour, userMessageOf } from './web.ts';
import { spontaneousSchema, topUpSchema } from './schemas.ts';
import { checkout, noticeForRow, type PaymentDeps } from './service.ts';
import { createSpontaneousNotice, spontaneousChoices } from './spontaneous.ts';
import { createTopUpNotice, deleteTopUpNotice, topUpChoices } from './topups.ts';

const PRESETS = [1000, 2000, 5000];

/** Ricariche con pagoPA (seeds 001, 004) and Pagamento spontaneo (seed 002). */
export function topUpRoutes(deps: AppDeps, payDeps: PaymentDeps): Router {
  const router = express.Router();
  const { prisma, config } = deps;
  const limits = config.topUp;

  const renderTopUps = async (res: Response, status: number, values: Record<string, unknown>, errors: FormErrors) => {
    const choices = await topUpChoices(prisma, res.locals.auth!);
    res.status(status).render('payments/topups', {
      ...parentFrame(res, 'topups', res.locals.t('payments.topups.title')),
      ...choices,
      presets: PRESETS,
      limits,
      values: { importo: '1000', ...values },
      errors,
    });
  };

  router.get('/ricariche', (_req, res) => renderTopUps(res, 200, {}, noErrors));

  router.post('/ricariche', async (req, res) => {
    const form = parseForm(topUpSchema(limits, formatEuro), req.body);
    if (!form.ok) return renderTopUps(res, 422, form.values, form.errors);
    const { tenant, auth, t } = res.locals;
    const detour = await requiredDataDetour(deps, res, `/${tenant.slug}/ricariche`, [form.data.studentId]);
    if (detour) return res.redirect(303, detour);
    try {
      const created = await createTopUpNotice(payDeps, tenant, auth!, form.data);
      if (!created.ok) return renderTopUps(res, 422, req.body as Record<string, unknown>, created.errors);
      if (form.data.mode === 'online') return res.redirect(303, await checkout(payDeps, tenant, auth!, [created.notice]));
      flash(req, 'success', t('payments.topups.generated', { amount: formatEuro(created.notice.amountCents) }));
      res.redirect(303, `/${tenant.slug}/ricariche`);
    } catch (error) {
      const message = userMessageOf(error);
      if (!message) throw error;
      await renderTopUps(res, 503, req.body as Record<string, unknown>, formError('importo', message));
    }
  });

  router.post('/ricariche/avvisi/:noticeId/paga', async (req, res) => {
    const { tenant, auth } = res.locals;
    const detour = await requiredDataDetour(deps, res, `/${tenant.slug}/ricariche`);
    if (detour) return res.redirect(303, detour);
    try {
      const notice = await noticeForRow(payDeps, tenant, auth!, `n:${req.params.noticeId}`);
      res.redirect(303, await checkout(payDeps, tenant, auth!, [notice]));
    } catch (error) {
      const message = userMessageOf(error);
      if (!message) throw error;
      await renderTopUps(res, 503, {}, formError('importo', message));
    }
  });

  router.post('/ricariche/avvisi/:noticeId/elimina', async (req, res) => {
    const { tenant, auth, t } = res.locals;
    try {
      await deleteTopUpNotice(payDeps, tenant, auth!, req.params.noticeId, deps.clock.now());
      flash(req, 'success', t('payments.topups.deleted'));
      res.redirect(303, `/${tenant.slug}/ricariche`);
    } catch (error) {
      const message = userMessageOf(error);
      if (!message) throw error;
      await renderTopUps(res, 503, {}, formError('importo', message));
    }
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
      const created = await createSpontaneousNotice(payDeps, tenant, auth!, form.data);
      if (!created.ok) return renderSpontaneous(res, 422, req.body as Record<string, unknown>, created.errors);
      res.redirect(303, await checkout(payDeps, tenant, auth!, [created.notice]));
    } catch (error) {
      const message = userMessageOf(error);
      if (!message) throw error;
      await renderSpontaneous(res, 503, req.body as Record<string, unknown>, formError('alunno', message));
    }
  });

  return router;
}
