import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen, staffAreaOf } from '../../auth/guards.ts';
import { isCitizen } from '../../auth/session-auth.ts';
import { schoolServicesCrumbs } from '../../web/breadcrumb.ts';
import { noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { flash } from '../../web/view-locals.ts';
import { pageNumber, parentFrame } from '../family/page.ts';
import { faqFor } from './faq.ts';
import { contactSchema } from './schemas.ts';
import { contactPage, familyThread, familyThreads, sendContactMessage } from './service.ts';

function renderContact(
  res: Response,
  status: number,
  page: Awaited<ReturnType<typeof contactPage>>,
  values?: Record<string, unknown>,
  errors: FormErrors = noErrors,
) {
  res.status(status).render('support/contact', {
    ...parentFrame(res, 'support', res.locals.t('support.contactTitle')),
    ...page,
    values: values ?? { email: page.defaultEmail },
    errors,
  });
}

/** FAQ (public: the footer links it for everyone) and "Contattaci" for families. */
export function supportRoutes({ prisma }: AppDeps): Router {
  const router = express.Router();

  router.get('/faq', (_req, res) => {
    const { tenant, auth, t } = res.locals;
    const frame = isCitizen(auth)
      ? parentFrame(res, 'faq', t('support.faqTitle'))
      : { title: t('support.faqTitle'), breadcrumb: schoolServicesCrumbs(tenant, t('support.faqTitle')) };
    res.render('support/faq', { ...frame, faq: faqFor(tenant, t), staffArea: staffAreaOf(auth, tenant.slug) });
  });

  router.get('/contatti', requireCitizen(), async (_req, res) => {
    renderContact(res, 200, await contactPage(prisma, res.locals.auth!));
  });

  router.post('/contatti', requireCitizen(), async (req, res) => {
    const auth = res.locals.auth!;
    const form = parseForm(contactSchema, req.body);
    if (!form.ok) return renderContact(res, 422, await contactPage(prisma, auth), form.values, form.errors);
    await sendContactMessage(prisma, auth, form.data);
    flash(req, 'success', res.locals.t('support.sent', { email: form.data.email }));
    res.redirect(`/${res.locals.tenant.slug}/contatti`);
  });

  router.get('/messaggi', requireCitizen(), async (req, res) => {
    const { t, tenant } = res.locals;
    res.render('support/threads', {
      ...parentFrame(
        res,
        'messages',
        t('support.yourMessages'),
        { label: t('support.contactTitle'), href: `/${tenant.slug}/contatti` },
        t('support.yourMessages'),
      ),
      threads: await familyThreads(prisma, res.locals.auth!, pageNumber(req.query.pagina)),
    });
  });

  router.get('/messaggi/:messageId', requireCitizen(), async (req: express.Request<{ messageId: string }>, res) => {
    const { t, tenant } = res.locals;
    const message = await familyThread(prisma, res.locals.auth!, req.params.messageId);
    res.render('support/thread', {
      ...parentFrame(
        res,
        'messages',
        message.subject,
        { label: t('support.yourMessages'), href: `/${tenant.slug}/messaggi` },
        message.subject,
      ),
      message,
    });
  });

  return router;
}
