import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen, requireRole, staffAreaOf } from '../../auth/guards.ts';
import { isCitizen } from '../../auth/session-auth.ts';
import { schoolServicesCrumbs } from '../../web/breadcrumb.ts';
import { noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { flash } from '../../web/view-locals.ts';
import { pageNumber, parentFrame } from '../family/page.ts';
import { faqFor } from './faq.ts';
import { contactSchema, inboxFilterSchema } from './schemas.ts';
import { contactPage, inbox, markHandled, sendContactMessage } from './service.ts';

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
      ? parentFrame(res, 'support', t('support.faqTitle'))
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

  return router;
}

/** The clerks' inbox of parents' messages, mounted at /admin/messaggi. */
export function supportInboxRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  router.use(requireRole('ADMIN', 'CLERK'));

  router.get('/', async (req, res) => {
    const { tenant, t } = res.locals;
    const { stato } = inboxFilterSchema.parse(req.query);
    res.render('support/inbox', {
      title: t('support.inboxTitle'),
      breadcrumb: [{ label: t('support.adminArea'), href: `/${tenant.slug}/admin` }, { label: t('support.inboxTitle') }],
      messages: await inbox(prisma, tenant.id, stato, pageNumber(req.query.pagina)),
      stato,
    });
  });

  router.post('/:messageId/gestito', async (req, res) => {
    await markHandled(prisma, res.locals.auth!, req.params.messageId, clock.now());
    flash(req, 'success', res.locals.t('support.handled'));
    res.redirect(`/${res.locals.tenant.slug}/admin/messaggi`);
  });

  return router;
}
