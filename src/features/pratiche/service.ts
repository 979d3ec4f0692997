// The family's side of a pratica: start a draft in an open window, fill its steps (SOSPENDI keeps what was typed),
// submit it (INVIA: checked in full, numbered, no longer editable), read it back.
import { recordAudit, actorOf } from '../../audit.ts';
import type { SessionAuth } from '../../auth/session-auth.ts';
import { inTransaction, type Db, type Tx } from '../../db/client.ts';
import { romeDateOf, type IsoDate } from '../../domain/dates.ts';
import { moveApplication } from '../../domain/state-machines.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { FieldRuleError, formError, formErrorsFrom, formFallback, type FormErrors } from '../../web/forms.ts';
import { checkedDocument, type Upload } from '../../web/uploaded-document.ts';
import { familyStudents, studentOfFamily } from '../family/scope.ts';
import type { FormContext, PraticaType, StepDef, StepValues } from './fields.ts';
import { parsePratica, payloadOf, stepValuesFrom, type Payload } from './payload.ts';
import { prefilledSteps } from './prefill.ts';
import { notifyPraticaMove } from './notify.ts';
import { allocateProtocolNumber } from './protocol.ts';
import { praticaType } from './types/index.ts';
import { statusOf } from './windows.ts';

/** The type is closed today: nothing can be started or submitted until a clerk opens it. */
export class WindowClosedError extends FieldRuleError {
  constructor() {
    super('form', 'pratiche.errors.windowClosed');
  }
}

/** The choices of the family's forms: its children and the Comune's schools and classes. */
export async function formContext(db: Db, auth: SessionAuth): Promise<FormContext> {
  return formContextWith(db, auth.tenantId, await familyStudents(db, auth));
}

/** The same for the office, which reads the pratica against the family that filed it. */
export async function formContextOfFamily(db: Db | Tx, tenantId: string, guardianId: string): Promise<FormContext> {
  const students = await db.student.findMany({
    where: { tenantId, guardianId },
    include: { school: true, schoolClass: true },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
  });
  return formContextWith(db, tenantId, students);
}

async function formContextWith(db: Db | Tx, tenantId: string, students: FormContext['students']): Promise<FormContext> {
  // one after the other: inside the clerk's transaction the reads share one connection
  const schools = await db.school.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
  const classes = await db.schoolClass.findMany({
    where: { tenantId },
    orderBy: [{ schoolId: 'asc' }, { name: 'asc' }],
    include: { school: { select: { name: true } } },
  });
  return { students, schools, classes };
}

const familyWhere = (auth: SessionAuth, id: string) => ({ id, tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } });

/** A pratica of the families this adult acts for, with its attachments' metadata; anything else is 404. */
export async function familyApplication(db: Db | Tx, auth: SessionAuth, id: string | undefined) {
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError();
  const application = await db.application.findFirst({
    where: familyWhere(auth, id),
    include: { attachments: { select: { id: true, fileName: true, kind: true, sizeBytes: true } } },
  });
  if (!application) throw new NotFoundError();
  return { ...application, kind: praticaType(application.type), payload: payloadOf(application.payload) };
}

export type FamilyApplication = Awaited<ReturnType<typeof familyApplication>>;

/** A draft to edit; a submitted pratica is read-only (the caller shows it instead). */
async function draftOf(tx: Tx, auth: SessionAuth, id: string): Promise<FamilyApplication> {
  const application = await familyApplication(tx, auth, id);
  if (application.state !== 'DRAFT') throw new NotFoundError();
  return application;
}

export async function startDraft(db: Db, input: { auth: SessionAuth; kind: PraticaType; studentId: string | null; now: Date }) {
  const { auth, kind } = input;
  const today = romeDateOf(input.now);
  const status = await statusOf(db, auth.tenantId, kind.type, today);
  if (!status.open) throw new WindowClosedError();
  const steps = await prefilledSteps(db, auth, kind, input.studentId, today);
  // a delegate files for the family of the child named; with no child, for their own family or the first they act for
  const guardianId = input.studentId
    ? (await studentOfFamily(db, auth, input.studentId)).guardianId
    : (auth.ownGuardianId ?? auth.guardianIds[0]);
  return inTransaction(db, async (tx) => {
    const created = await tx.application.create({
      data: {
        tenantId: auth.tenantId,
        type: kind.type,
        guardianId,
        studentId: input.studentId,
        schoolYear: status.window.schoolYear,
        payload: { steps },
      },
    });
    await recordAudit(tx, {
      tenantId: auth.tenantId,
      actor: actorOf(auth),
      action: 'APPLICATION_DRAFTED',
      entityType: 'Application',
      entityId: created.id,
    });
    return created;
  });
}

export async function acceptPrivacy(db: Db, auth: SessionAuth, id: string, now: Date) {
  await inTransaction(db, async (tx) => {
    const draft = await draftOf(tx, auth, id);
    await tx.application.update({ where: { id: draft.id, tenantId: auth.tenantId }, data: { privacyAcceptedAt: now } });
  });
}

export interface StepSave {
  auth: SessionAuth;
  id: string;
  step: StepDef;
  body: unknown;
  /** The files sent with the step, by field name. */
  uploads: Record<string, Upload | undefined>;
  tooLarge: boolean;
  /** SOSPENDI: keep what was typed without checking it. */
  suspend: boolean;
}

export type StepOutcome = { ok: true } | { ok: false; errors: FormErrors; values: StepValues };

/**
 * Saves one step of a draft. Going on checks the step with its schema and saves nothing if it fails; SOSPENDI
 * keeps what was typed as it is. A file sent with the step is checked (type sniffed, size) and kept with the
 * pratica, replacing the one it had in that field.
 */
export async function saveStep(db: Db, context: FormContext, input: StepSave): Promise<StepOutcome> {
  const { auth, step } = input;
  const fileFields = step.fields.filter((f) => f.kind === 'file').map((f) => f.name);
  const typed = stepValuesFrom(
    input.body,
    step.fields.filter((f) => f.kind !== 'file').map((f) => f.name),
  );
  const files = new Map<string, Awaited<ReturnType<typeof checkedDocument>>>();
  try {
    for (const name of fileFields) {
      if (input.uploads[name] || input.tooLarge) files.set(name, await checkedDocument(name, input.uploads[name], input.tooLarge));
    }
  } catch (error) {
    if (!(error instanceof FieldRuleError)) throw error;
    const kept = await familyApplication(db, auth, input.id);
    return { ok: false, errors: formError(error.field, error.userMessage), values: { ...kept.payload.steps[step.key], ...typed } };
  }
  return inTransaction(db, async (tx) => {
    const draft = await draftOf(tx, auth, input.id);
    const before = draft.payload.steps[step.key] ?? {};
    const values: StepValues = { ...typed };
    for (const name of fileFields) if (typeof before[name] === 'string') values[name] = before[name];
    if (!input.suspend) {
      const preview = { ...values, ...Object.fromEntries([...files.keys()].map((name) => [name, 'uploaded'])) };
      const parsed = step.schema(context).safeParse(preview, { error: formFallback });
      if (!parsed.success) return { ok: false as const, errors: formErrorsFrom(parsed.error), values };
    }
    for (const [name, file] of files) {
      if (values[name])
        await tx.attachment.deleteMany({ where: { tenantId: auth.tenantId, applicationId: draft.id, id: values[name] as string } });
      const stored = await tx.attachment.create({
        data: {
          tenantId: auth.tenantId,
          applicationId: draft.id,
          kind: name === 'dietCertificate' ? 'DIET_CERTIFICATE' : 'APPLICATION_DOCUMENT',
          title: name,
          ...file,
        },
        select: { id: true },
      });
      values[name] = stored.id;
    }
    const payload: Payload = { steps: { ...draft.payload.steps, [step.key]: values } };
    await tx.application.update({
      where: { id: draft.id, tenantId: auth.tenantId },
      data: { payload: payload as unknown as Prisma.InputJsonObject },
    });
    return { ok: true as const };
  });
}

/** Where a resumed draft opens: the privacy notice if not yet accepted, else the first step that does not pass. */
export function resumeStep(application: FamilyApplication, context: FormContext): string {
  if (!application.privacyAcceptedAt) return 'privacy';
  const parsed = parsePratica(application.kind, application.payload, context);
  return parsed.ok ? 'riepilogo' : `passo/${parsed.step}`;
}

/** INVIA: every step must pass and the window be open; the pratica gets its protocol number and is no longer editable. */
export async function submitApplication(db: Db, context: FormContext, input: { auth: SessionAuth; id: string; now: Date }) {
  const { auth, now } = input;
  const today: IsoDate = romeDateOf(now);
  return inTransaction(db, async (tx) => {
    const draft = await draftOf(tx, auth, input.id);
    if (!draft.privacyAcceptedAt) return { ok: false as const, step: 'privacy' };
    const parsed = parsePratica(draft.kind, draft.payload, context);
    if (!parsed.ok) return { ok: false as const, step: `passo/${parsed.step}` };
    if (!(await statusOf(tx, auth.tenantId, draft.type, today)).open) throw new WindowClosedError();
    const state = moveApplication(draft.state, 'SUBMITTED');
    const protocolNumber = await allocateProtocolNumber(tx, auth.tenantId, Number(today.slice(0, 4)));
    const studentId = studentOfPratica(parsed.data) ?? draft.studentId;
    await tx.application.update({
      where: { id: draft.id, tenantId: auth.tenantId },
      data: { state, protocolNumber, submittedAt: now, studentId },
    });
    await recordAudit(tx, {
      tenantId: auth.tenantId,
      actor: actorOf(auth),
      action: 'APPLICATION_SUBMITTED',
      entityType: 'Application',
      entityId: draft.id,
      details: { type: draft.type, protocolNumber },
    });
    await notifyPraticaMove(tx, draft, 'PRATICA_SUBMITTED');
    return { ok: true as const, protocolNumber };
  });
}

/** The family's child the pratica is about, when it names one (a new child's enrollment names none yet). */
export function studentOfPratica(data: Record<string, Record<string, unknown>>): string | null {
  for (const step of Object.values(data)) if (typeof step.studentId === 'string' && step.studentId) return step.studentId;
  return null;
}

/** "Le mie pratiche": every pratica of the family, newest first. */
export function familyApplications(db: Db, auth: SessionAuth) {
  return db.application.findMany({
    where: { tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      type: true,
      state: true,
      protocolNumber: true,
      createdAt: true,
      submittedAt: true,
      decidedAt: true,
      outcomeNote: true,
      schoolYear: true,
    },
  });
}

/** A file of the family's pratica (health data included: only the family and the office read them). */
export async function familyAttachment(db: Db, auth: SessionAuth, applicationId: string, attachmentId: string) {
  const application = await familyApplication(db, auth, applicationId);
  if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) throw new NotFoundError();
  const file = await db.attachment.findFirst({ where: { id: attachmentId, tenantId: auth.tenantId, applicationId: application.id } });
  if (!file) throw new NotFoundError();
  return file;
}
