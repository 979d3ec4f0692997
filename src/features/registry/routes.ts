import express, { type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { flash } from '../../web/view-locals.ts';
import { noErrors, parseForm, type FormErrors } from '../../web/forms.ts';
import { maskIban } from '../../domain/iban.ts';
import { parentFrame } from '../family/page.ts';
import { familyCertificate } from '../tax-certificates/service.ts';
import { NotFoundError } from '../../web/errors.ts';
import { certificateQuerySchema, contactDataSchema, REGISTRY_TABS, wrongDataSchema, type RegistryTab } from './schemas.ts';
import { registryCard, reportWrongData, studentAttachment, updateContactData } from './service.ts';

type Card = Awaited<ReturnType<typeof registryCard>>;
interface FormState {
  values: Record<string, unknown>;
  errors: FormErrors;
}
const blank: FormState = { values: {}, errors: noErrors };

function tabOf(raw: unknown): RegistryTab {
  return REGISTRY_TABS.find((tab) => tab === raw) ?? 'generali';
}

function render(res: Response, status: number, card: Card, tab: RegistryTab, forms: { contact?: FormState; report?: FormState } = {}) {
  const { t } = res.locals;
  res.status(status).render('registry/index', {
    ...parentFrame(res, 'registry', t('registry.title')),
    ...card,
    tab,
    tabs: REGISTRY_TABS,
    maskedIban: card.guardian.iban ? maskIban(card.guardian.iban) : null,
    contact: forms.contact ?? {
      values: { email: card.guardian.email ?? '', phone: card.guardian.phone ?? '' },
      errors: noErrors,
    },
    report: forms.report ?? blank,
    canManageDelegates: res.locals.auth!.ownGuardianId === card.guardian.id,
  });
}

export function registryRoutes({ prisma, clock }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  router.get('/', async (req, res) => {
    render(res, 200, await registryCard(prisma, res.locals.auth!, req.query.alunno, clock.now()), tabOf(req.query.scheda));
  });

  router.post('/contatti', async (req, res) => {
    const auth = res.locals.auth!;
    const form = parseForm(contactDataSchema, req.body);
    if (!form.ok) {
      return render(res, 422, await registryCard(prisma, auth, form.values.alunno, clock.now()), 'altre', { contact: form });
    }
    await updateContactData(prisma, auth, { studentId: form.data.alunno, email: form.data.email, phone: form.data.phone });
    flash(req, 'success', res.locals.t('registry.contactsSaved'));
    res.redirect(`/${res.locals.tenant.slug}/anagrafica?alunno=${form.data.alunno}&scheda=altre`);
  });

  router.post('/segnala', async (req, res) => {
    const auth = res.locals.auth!;
    const form = parseForm(wrongDataSchema, req.body);
    if (!form.ok) {
      return render(res, 422, await registryCard(prisma, auth, form.values.alunno, clock.now()), tabOf(form.values.sezione), {
        report: form,
      });
    }
    await reportWrongData(prisma, auth, { studentId: form.data.alunno, tab: form.data.sezione, message: form.data.messaggio });
    flash(req, 'success', res.locals.t('registry.reportSent'));
    res.redirect(`/${res.locals.tenant.slug}/anagrafica?alunno=${form.data.alunno}&scheda=${form.data.sezione}`);
  });

  router.get('/certificazione-730', async (req, res) => {
    const query = certificateQuerySchema.safeParse(req.query);
    if (!query.success) throw new NotFoundError();
    const file = await familyCertificate(prisma, res.locals.t, res.locals.lang, {
      auth: res.locals.auth!,
      tenant: res.locals.tenant,
      studentId: query.data.alunno,
      year: query.data.anno,
      now: clock.now(),
    });
    res.type('application/pdf').attachment(file.fileName).send(file.bytes);
  });

  router.get('/allegati/:attachmentId', async (req, res) => {
    const file = await studentAttachment(prisma, res.locals.auth!, req.params.attachmentId);
    res.type(file.mimeType).attachment(file.fileName).send(Buffer.from(file.content));
  });

  return router;
}
