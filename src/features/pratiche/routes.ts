import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { romeDateOf } from '../../domain/dates.ts';
import { NotFoundError } from '../../web/errors.ts';
import { fieldText, FieldRuleError, noErrors, type FormErrors } from '../../web/forms.ts';
import { uploadedFile } from '../../web/multipart.ts';
import { flash } from '../../web/view-locals.ts';
import { parentFrame } from '../family/page.ts';
import { dispatchNotifications } from '../notifications/outbox.ts';
import type { FormContext, StepValues } from './fields.ts';
import { renderPraticaPdf } from './pdf.ts';
import {
  acceptPrivacy,
  familyApplication,
  familyApplications,
  familyAttachment,
  formContext,
  resumeStep,
  saveStep,
  startDraft,
  submitApplication,
  type FamilyApplication,
} from './service.ts';
import { summaryOf } from './summary.ts';
import { praticaTypeBySlug } from './types/index.ts';
import { statusOf, typesWithStatus } from './windows.ts';

/** The page trail of a pratica: Pratiche / <type>. */
function frame(res: Response, title: string) {
  const base = `/${res.locals.tenant.slug}/pratiche`;
  return parentFrame(res, 'applications', title, { label: res.locals.t('pratiche.title'), href: base }, title);
}

/** The button the family pressed on a step: avanti, indietro or sospendi. */
const action = (req: Request) => fieldText((req.body as Record<string, unknown>).azione);

function stepPath(res: Response, application: { id: string }, where: string) {
  return `/${res.locals.tenant.slug}/pratiche/${application.id}/${where}`;
}

/** The steps of the flow for the progress bar: privacy, the type's steps, the summary. */
function progress(application: FamilyApplication, current: string) {
  const keys = ['privacy', ...application.kind.steps.map((s) => s.key), 'riepilogo'];
  return { keys, index: keys.indexOf(current) };
}

function renderStep(
  res: Response,
  application: FamilyApplication,
  context: FormContext,
  stepKey: string,
  state: { values: StepValues; errors: FormErrors },
  status = 200,
) {
  const step = application.kind.steps.find((s) => s.key === stepKey)!;
  const files = new Map(application.attachments.map((a) => [a.id, a.fileName]));
  res.status(status).render('pratiche/step', {
    ...frame(res, res.locals.t(`pratiche.types.${application.type}.title`)),
    application,
    step,
    fields: step.fields.map((field) => ({ ...field, choices: field.options?.(context) ?? [] })),
    files,
    values: state.values,
    errors: state.errors,
    progress: progress(application, step.key),
  });
}

function summaryFor(res: Response, application: FamilyApplication, context: FormContext) {
  return summaryOf(application.kind, application.payload, context, res.locals.t, application.attachments);
}

export function praticheRoutes({ prisma, clock, jobs }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  router.get('/', async (_req, res) => {
    const types = await typesWithStatus(prisma, res.locals.tenant.id, romeDateOf(clock.now()));
    res.render('pratiche/index', { ...parentFrame(res, 'applications', res.locals.t('pratiche.title')), types });
  });

  router.get('/mie', async (_req, res) => {
    const applications = await familyApplications(prisma, res.locals.auth!);
    res.render('pratiche/mine', { ...frame(res, res.locals.t('pratiche.mine.title')), applications });
  });

  router.get('/servizio/:slug', async (req, res) => {
    const kind = praticaTypeBySlug(req.params.slug);
    const status = await statusOf(prisma, res.locals.tenant.id, kind.type, romeDateOf(clock.now()));
    const context = await formContext(prisma, res.locals.auth!);
    res.render('pratiche/service', {
      ...frame(res, res.locals.t(`pratiche.types.${kind.type}.title`)),
      kind,
      status,
      students: context.students,
    });
  });

  router.post('/servizio/:slug/avvia', async (req, res) => {
    const kind = praticaTypeBySlug(req.params.slug);
    const studentId = fieldText((req.body as Record<string, unknown>).alunno) || null;
    try {
      const draft = await startDraft(prisma, { auth: res.locals.auth!, kind, studentId, now: clock.now() });
      res.redirect(stepPath(res, draft, 'privacy'));
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      flash(req, 'danger', error.userMessage);
      res.redirect(`/${res.locals.tenant.slug}/pratiche/servizio/${kind.slug}`);
    }
  });

  /** The draft being edited; a submitted pratica opens read-only instead. */
  async function editable(req: Request, res: Response): Promise<FamilyApplication | null> {
    const application = await familyApplication(prisma, res.locals.auth!, req.params.id as string);
    if (application.state === 'DRAFT') return application;
    res.redirect(stepPath(res, application, ''));
    return null;
  }

  router.get('/:id/riprendi', async (req, res) => {
    const application = await editable(req, res);
    if (application) res.redirect(stepPath(res, application, resumeStep(application, await formContext(prisma, res.locals.auth!))));
  });

  router.get('/:id/privacy', async (req, res) => {
    const application = await editable(req, res);
    if (!application) return;
    res.render('pratiche/privacy', {
      ...frame(res, res.locals.t(`pratiche.types.${application.type}.title`)),
      application,
      errors: noErrors,
      progress: progress(application, 'privacy'),
    });
  });

  router.post('/:id/privacy', async (req, res) => {
    const application = await editable(req, res);
    if (!application) return;
    if (fieldText((req.body as Record<string, unknown>).consenso) !== 'on') {
      const message = res.locals.t('pratiche.privacy.required');
      return res.status(422).render('pratiche/privacy', {
        ...frame(res, res.locals.t(`pratiche.types.${application.type}.title`)),
        application,
        errors: { summary: [{ field: 'consenso', message }], byField: { consenso: message } },
        progress: progress(application, 'privacy'),
      });
    }
    await acceptPrivacy(prisma, res.locals.auth!, application.id, clock.now());
    res.redirect(stepPath(res, application, `passo/${application.kind.steps[0].key}`));
  });

  router.get('/:id/passo/:step', async (req, res) => {
    const application = await editable(req, res);
    if (!application) return;
    if (!application.kind.steps.some((s) => s.key === req.params.step)) throw new NotFoundError();
    const context = await formContext(prisma, res.locals.auth!);
    renderStep(res, application, context, req.params.step, { values: application.payload.steps[req.params.step] ?? {}, errors: noErrors });
  });

  router.post('/:id/passo/:step', async (req, res) => {
    const application = await editable(req, res);
    if (!application) return;
    const steps = application.kind.steps;
    const index = steps.findIndex((s) => s.key === req.params.step);
    if (index < 0) throw new NotFoundError();
    const step = steps[index];
    const suspend = action(req) === 'sospendi';
    const context = await formContext(prisma, res.locals.auth!);
    const uploads = Object.fromEntries(
      step.fields
        .filter((f) => f.kind === 'file')
        .map((f) => {
          const file = uploadedFile(req, f.name);
          return [f.name, file && file.size > 0 ? { originalName: file.originalname, buffer: file.buffer } : undefined];
        }),
    );
    const outcome = await saveStep(prisma, context, {
      auth: res.locals.auth!,
      id: application.id,
      step,
      body: req.body,
      uploads,
      tooLarge: !!req.uploadTooLarge,
      suspend,
    });
    if (!outcome.ok) {
      const fresh = await familyApplication(prisma, res.locals.auth!, application.id);
      return renderStep(res, fresh, context, step.key, outcome, 422);
    }
    if (suspend) {
      flash(req, 'success', res.locals.t('pratiche.suspended'));
      return res.redirect(`/${res.locals.tenant.slug}/pratiche/mie`);
    }
    if (action(req) === 'indietro')
      return res.redirect(stepPath(res, application, index === 0 ? 'privacy' : `passo/${steps[index - 1].key}`));
    res.redirect(stepPath(res, application, index + 1 < steps.length ? `passo/${steps[index + 1].key}` : 'riepilogo'));
  });

  router.get('/:id/riepilogo', async (req, res) => {
    const application = await editable(req, res);
    if (!application) return;
    const context = await formContext(prisma, res.locals.auth!);
    res.render('pratiche/summary', {
      ...frame(res, res.locals.t(`pratiche.types.${application.type}.title`)),
      application,
      sections: summaryFor(res, application, context),
      progress: progress(application, 'riepilogo'),
    });
  });

  router.post('/:id/invia', async (req, res) => {
    const application = await editable(req, res);
    if (!application) return;
    const context = await formContext(prisma, res.locals.auth!);
    try {
      const outcome = await submitApplication(prisma, context, { auth: res.locals.auth!, id: application.id, now: clock.now() });
      if (!outcome.ok) {
        flash(req, 'danger', res.locals.t('pratiche.incomplete'));
        return res.redirect(stepPath(res, application, outcome.step));
      }
      await dispatchNotifications(jobs, res.locals.tenant.id);
      flash(req, 'success', res.locals.t('pratiche.submitted', { number: outcome.protocolNumber }));
    } catch (error) {
      if (!(error instanceof FieldRuleError)) throw error;
      flash(req, 'danger', error.userMessage);
      return res.redirect(stepPath(res, application, 'riepilogo'));
    }
    res.redirect(stepPath(res, application, ''));
  });

  router.get('/:id/pdf', async (req, res) => {
    const application = await familyApplication(prisma, res.locals.auth!, req.params.id);
    if (!application.protocolNumber || !application.submittedAt) throw new NotFoundError();
    const context = await formContext(prisma, res.locals.auth!);
    const pdf = await renderPraticaPdf(
      res.locals.t,
      res.locals.tenant,
      {
        type: application.type,
        protocolNumber: application.protocolNumber,
        submittedAt: application.submittedAt,
        applicant: res.locals.auth!.displayName,
        state: application.state,
      },
      summaryFor(res, application, context),
    );
    res
      .type('application/pdf')
      .attachment(`pratica-${application.protocolNumber.replace('/', '-')}.pdf`)
      .send(pdf);
  });

  router.get('/:id/allegati/:attachmentId', async (req, res) => {
    const file = await familyAttachment(prisma, res.locals.auth!, req.params.id, req.params.attachmentId);
    res.type(file.mimeType).attachment(file.fileName).send(Buffer.from(file.content));
  });

  router.get('/:id', async (req, res) => {
    const application = await familyApplication(prisma, res.locals.auth!, req.params.id);
    if (application.state === 'DRAFT') return res.redirect(stepPath(res, application, 'riprendi'));
    const context = await formContext(prisma, res.locals.auth!);
    res.render('pratiche/detail', {
      ...frame(res, res.locals.t(`pratiche.types.${application.type}.title`)),
      application,
      sections: summaryFor(res, application, context),
    });
  });

  return router;
}
