import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import { actorOf } from '../../../audit.ts';
import { requireRole } from '../../../auth/guards.ts';
import { formError, noErrors, parseForm, typedValues, type FormErrors } from '../../../web/forms.ts';
import { uploadedFile } from '../../../web/multipart.ts';
import { flash } from '../../../web/view-locals.ts';
import { adminCrumbs, adminPath } from '../admin-crumbs.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { arrearsSettingsSchema } from '../arrears/schemas.ts';
import { arrearsSettingsValues, updateArrearsSettings } from '../arrears/settings.ts';
import { comuneSchema, samlPairSchema } from './schemas.ts';
import {
  comuneFormValues,
  generatePushToken,
  generateSamlPair,
  LOGO_MAX_BYTES,
  revokePushToken,
  saveLogo,
  settingsOf,
  updateComune,
  uploadSamlPair,
} from './service.ts';

/** The Comune's settings (ADMIN only): its data, logo, SAML key pair and pagoPA push token. */
export function adminSettingsRoutes({ prisma, clock, config }: AppDeps): Router {
  const router = express.Router();
  router.use(requireRole('ADMIN'));
  const pagePath = (res: Response) => adminPath(res, 'impostazioni');
  const change = (res: Response) => ({ tenantId: res.locals.tenant.id, actor: actorOf(res.locals.auth!), now: clock.now() });

  async function render(res: Response, status = 200, values?: Record<string, unknown>, errors: FormErrors = noErrors, newToken?: string) {
    const t = res.locals.t;
    const settings = await settingsOf(prisma, res.locals.tenant.id);
    if (newToken) res.set('Cache-Control', 'no-store');
    res.status(status).render('admin/settings/index', {
      title: t('adminSettings.title'),
      breadcrumb: adminCrumbs(res, t('adminSettings.title')),
      ...settings,
      values: { ...currentValues(res, settings.tenant), ...values },
      errors,
      newToken,
      defaults: config.topUp,
      logoMaxKb: LOGO_MAX_BYTES / 1024,
    });
  }

  /** Every form's fields as they are now (the Comune's data and the arrears rules share the page). */
  function currentValues(res: Response, tenant: Tenant = res.locals.tenant) {
    const euroPlain = res.locals.euroPlain as (cents: number) => string;
    return { ...comuneFormValues(tenant, euroPlain), ...arrearsSettingsValues(tenant, euroPlain) };
  }

  /** Runs a change; a rule it breaks is shown next to its field, with what was typed. */
  async function attempt(req: Request, res: Response, work: () => Promise<void>, done: string) {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      return render(res, 422, { ...currentValues(res), ...typedValues(req.body) }, formError(error.field, error.userMessage));
    }
    flash(req, 'success', res.locals.t(done));
    res.redirect(pagePath(res));
  }

  router.get('/', (_req, res) => render(res));

  router.post('/', async (req, res) => {
    const form = parseForm(comuneSchema, req.body);
    if (!form.ok) return render(res, 422, form.values, form.errors);
    await attempt(req, res, () => updateComune(prisma, { ...change(res), data: form.data }), 'adminSettings.saved');
  });

  router.post('/morosita', async (req, res) => {
    const form = parseForm(arrearsSettingsSchema, req.body);
    if (!form.ok) return render(res, 422, { ...currentValues(res), ...form.values }, form.errors);
    await updateArrearsSettings(prisma, { ...change(res), data: form.data });
    flash(req, 'success', res.locals.t('adminArrears.settings.saved'));
    res.redirect(pagePath(res));
  });

  // the file is read by the one multipart middleware (web/multipart.ts), the token travels in the form's body
  router.post('/logo', async (req, res) => {
    const file = uploadedFile(req, 'logo');
    if (req.uploadTooLarge || (file && file.size > LOGO_MAX_BYTES))
      return render(res, 422, undefined, formError('logo', res.locals.t('adminSettings.logoTooLarge')));
    await attempt(req, res, () => saveLogo(prisma, { ...change(res), content: file?.buffer }), 'adminSettings.logoSaved');
  });

  router.post('/saml', async (req, res) => {
    const form = parseForm(samlPairSchema, req.body);
    if (!form.ok) return render(res, 422, undefined, form.errors);
    await attempt(
      req,
      res,
      () => uploadSamlPair(prisma, { ...change(res), privateKeyPem: form.data.chiave, certificatePem: form.data.certificato }),
      'adminSettings.samlSaved',
    );
  });

  router.post('/saml/genera', async (req, res) => {
    await attempt(
      req,
      res,
      () => generateSamlPair(prisma, { ...change(res), tenant: res.locals.tenant, baseUrl: config.baseUrl }),
      'adminSettings.samlGenerated',
    );
  });

  router.post('/token-pagopa', async (_req, res) => {
    const token = await generatePushToken(prisma, change(res));
    await render(res, 200, undefined, noErrors, token);
  });

  router.post('/token-pagopa/revoca', async (req, res) => {
    await revokePushToken(prisma, change(res));
    flash(req, 'success', res.locals.t('adminSettings.tokenRevoked'));
    res.redirect(pagePath(res));
  });

  return router;
}
