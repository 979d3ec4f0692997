import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import type { Db } from '../../../db/client.ts';
import { fromDbDate } from '../../../domain/dates.ts';
import { parseForm } from '../../../web/forms.ts';
import { uploadedFile } from '../../../web/multipart.ts';
import type { Translate } from '../../../web/i18n.ts';
import { flash } from '../../../web/view-locals.ts';
import { replaceBadge, setBadgeBlocked } from './badges.ts';
import { addDocument, studentDocument } from './documents.ts';
import { BADGE_REASONS, DOCUMENT_KINDS, documentSchema, listQuery, moveSchema, replaceBadgeSchema, studentSchema } from './schemas.ts';
import { fullName, registryPaths } from './scope.ts';
import {
  deleteStudent,
  listStudents,
  moveStudent,
  placesOf,
  setStudentActive,
  STUDENT_SORTS,
  studentCard,
  updateStudent,
} from './students.ts';
import { actionThenBack, blankForm, context, listHref, refusedForm, registryCrumbs, type FormState } from './web.ts';

type IdRequest = Request<{ id: string }>;

/** After a save: what the fiscal code says that disagrees with the data typed (saved anyway, the office checks). */
export function mismatchWarning(req: Request, res: Response, mismatches: ('birthDate' | 'sex')[]) {
  if (mismatches.length)
    flash(
      req,
      'warning',
      res.locals.t('adminRegistry.student.mismatch', {
        what: mismatches.map((m) => res.locals.t(`adminRegistry.student.mismatchOf.${m}`)).join(', '),
      }),
    );
}

/** The student form, for a new child of `guardian` or to edit `student`. */
export async function renderStudentForm(
  prisma: Db,
  res: Response,
  status: number,
  form: FormState,
  target:
    { guardian: { id: string; firstName: string; lastName: string } } | { student: { id: string; firstName: string; lastName: string } },
) {
  const { t, tenant } = res.locals;
  const places = await placesOf(prisma, tenant.id);
  const isNew = 'guardian' in target;
  const title = isNew
    ? t('adminRegistry.studentForm.newTitle', { family: fullName(target.guardian) })
    : t('adminRegistry.studentForm.editTitle', { name: fullName(target.student) });
  const back = isNew ? registryPaths.guardian(tenant.slug, target.guardian.id) : registryPaths.student(tenant.slug, target.student.id);
  res.status(status).render('admin/registry/student-form', {
    title,
    breadcrumb: registryCrumbs(res, title),
    form,
    isNew,
    ...places,
    action: isNew ? `${back}/alunni` : `${back}/modifica`,
    cancel: back,
  });
}

/** /admin/anagrafica/alunni — students: the list, the card, edits, badges, family and fascicolo. */
export function studentRoutes(deps: AppDeps): Router {
  const { prisma, clock } = deps;
  const router = express.Router({ mergeParams: true });
  const base = (res: Response) => `${registryPaths.base(res.locals.tenant.slug)}/alunni`;

  router.get('/', async (req, res) => {
    const query = listQuery(req.query, STUDENT_SORTS);
    const { t } = res.locals;
    res.render('admin/registry/students', {
      title: t('adminRegistry.students.title'),
      breadcrumb: registryCrumbs(res, t('adminRegistry.students.title')),
      section: 'alunni',
      query,
      sorts: STUDENT_SORTS,
      list: await listStudents(prisma, res.locals.tenant.id, query),
      hrefFor: listHref(base(res), query),
    });
  });

  type CardForms = { move?: FormState; badge?: FormState; document?: FormState };
  const renderCard = async (res: Response, status: number, id: string, forms: CardForms = {}) => {
    const card = await studentCard(prisma, res.locals.tenant.id, id);
    res.status(status).render('admin/registry/student', {
      title: fullName(card.student),
      breadcrumb: registryCrumbs(res, { label: res.locals.t('adminRegistry.students.title'), href: base(res) }, fullName(card.student)),
      ...card,
      paths: registryPaths,
      badgeReasons: BADGE_REASONS,
      documentKinds: DOCUMENT_KINDS,
      move: forms.move ?? blankForm(),
      badge: forms.badge ?? blankForm(),
      document: forms.document ?? blankForm(),
    });
  };

  router.get('/:id', (req: IdRequest, res) => renderCard(res, 200, req.params.id));

  router.get('/:id/modifica', async (req: IdRequest, res) => {
    const { student } = await studentCard(prisma, res.locals.tenant.id, req.params.id);
    await renderStudentForm(
      prisma,
      res,
      200,
      blankForm({ ...student, birthDate: fromDbDate(student.birthDate), classId: student.classId ?? '' }),
      { student },
    );
  });

  router.post('/:id/modifica', async (req: IdRequest, res) => {
    const { student } = await studentCard(prisma, res.locals.tenant.id, req.params.id);
    const form = parseForm(studentSchema, req.body);
    if (!form.ok) return renderStudentForm(prisma, res, 422, form, { student });
    const { tenant, actor } = context(res);
    try {
      const saved = await updateStudent(prisma, tenant, actor, student.id, form.data);
      flash(req, 'success', res.locals.t('adminRegistry.saved'));
      mismatchWarning(req, res, saved.mismatches);
      res.redirect(303, registryPaths.student(tenant.slug, student.id));
    } catch (error) {
      await renderStudentForm(prisma, res, 422, refusedForm(error, req.body), { student });
    }
  });

  type Who = ReturnType<typeof context>;
  const done = (message: string, to?: string) => ({ message, to });
  /** The buttons of the card that have no fields; each answers with its message and, if not the card, where to go. */
  const buttons: Record<string, (id: string, who: Who, t: Translate) => Promise<{ message: string; to?: string }>> = {
    disattiva: async (id, { tenant, actor }, t) => {
      await setStudentActive(prisma, tenant, actor, id, false, clock.now());
      return done(t('adminRegistry.deactivated'));
    },
    riattiva: async (id, { tenant, actor }, t) => {
      await setStudentActive(prisma, tenant, actor, id, true, clock.now());
      return done(t('adminRegistry.reactivated'));
    },
    elimina: async (id, { tenant, actor }, t) => {
      const student = await deleteStudent(prisma, tenant, actor, id);
      return done(t('adminRegistry.deleted'), registryPaths.guardian(tenant.slug, student.guardianId));
    },
    'badge/blocca': async (id, { tenant, actor }, t) => {
      await setBadgeBlocked(prisma, tenant, actor, id, true);
      return done(t('adminRegistry.badge.blocked'));
    },
    'badge/sblocca': async (id, { tenant, actor }, t) => {
      await setBadgeBlocked(prisma, tenant, actor, id, false);
      return done(t('adminRegistry.badge.unblocked'));
    },
  };
  for (const [path, action] of Object.entries(buttons)) {
    router.post(`/:id/${path}`, (req: IdRequest, res) =>
      actionThenBack(req, res, registryPaths.student(res.locals.tenant.slug, req.params.id), () =>
        action(req.params.id, context(res), res.locals.t),
      ),
    );
  }

  router.post('/:id/badge/sostituisci', async (req: IdRequest, res) => {
    const form = parseForm(replaceBadgeSchema, req.body);
    if (!form.ok) return renderCard(res, 422, req.params.id, { badge: form });
    const { tenant, actor } = context(res);
    try {
      const number = await replaceBadge(prisma, tenant, actor, req.params.id, form.data);
      flash(req, 'success', res.locals.t('adminRegistry.badge.replaced', { number }));
      res.redirect(303, registryPaths.student(tenant.slug, req.params.id));
    } catch (error) {
      await renderCard(res, 422, req.params.id, { badge: refusedForm(error, req.body) });
    }
  });

  router.post('/:id/sposta', async (req: IdRequest, res) => {
    const form = parseForm(moveSchema, req.body);
    if (!form.ok) return renderCard(res, 422, req.params.id, { move: form });
    const { tenant, actor } = context(res);
    try {
      const target = await moveStudent(prisma, tenant, actor, req.params.id, form.data.toFiscalCode);
      flash(req, 'success', res.locals.t('adminRegistry.move.done', { family: fullName(target) }));
      res.redirect(303, registryPaths.student(tenant.slug, req.params.id));
    } catch (error) {
      await renderCard(res, 422, req.params.id, { move: refusedForm(error, req.body) });
    }
  });

  router.post('/:id/documenti', async (req: IdRequest, res) => {
    const form = parseForm(documentSchema, req.body);
    if (!form.ok) return renderCard(res, 422, req.params.id, { document: form });
    const { tenant, actor } = context(res);
    const file = uploadedFile(req, 'file');
    try {
      await addDocument(
        prisma,
        tenant,
        actor,
        req.params.id,
        form.data,
        file && { originalName: file.originalname, buffer: file.buffer },
        req.uploadTooLarge === true,
      );
      flash(req, 'success', res.locals.t('adminRegistry.documents.added'));
      res.redirect(303, `${registryPaths.student(tenant.slug, req.params.id)}#fascicolo`);
    } catch (error) {
      await renderCard(res, 422, req.params.id, { document: refusedForm(error, req.body) });
    }
  });

  router.get('/:id/documenti/:documentId', async (req: Request<{ id: string; documentId: string }>, res) => {
    const document = await studentDocument(prisma, res.locals.tenant.id, req.params.id, req.params.documentId);
    res.type(document.mimeType).attachment(document.fileName).send(Buffer.from(document.content));
  });

  return router;
}
