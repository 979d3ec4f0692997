// The office's side of pratiche: the queue, a pratica with its attachments, taking it in review and deciding;
// and the windows each type is open in.
import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db } from '../../../db/client.ts';
import { windowProblem } from '../../../domain/application-windows.ts';
import { toDbDate, type IsoDate } from '../../../domain/dates.ts';
import { canMoveApplication } from '../../../domain/state-machines.ts';
import type { ApplicationState, ApplicationType } from '../../../generated/prisma/enums.ts';
import { ConflictError, NotFoundError } from '../../../web/errors.ts';
import { FieldRuleError, localizedText } from '../../../web/forms.ts';
import { translateForJobs } from '../../../web/i18n.ts';
import { parsePratica, payloadOf } from '../../pratiche/payload.ts';
import { notifyPraticaMove } from '../../pratiche/notify.ts';
import { formContextOfFamily } from '../../pratiche/service.ts';
import { praticaType } from '../../pratiche/types/index.ts';
import type { TenantRef } from '../registry/scope.ts';
import { arrearsFlagForFamily, arrearsFlagsForFamilies } from '../arrears/index.ts';
import { ACCEPT } from './accept.ts';

const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

const STATE_WORDS: Record<ApplicationState, string> = {
  DRAFT: 'in bozza',
  SUBMITTED: 'inviata',
  IN_REVIEW: 'in istruttoria',
  ACCEPTED: 'accolta',
  REJECTED: 'respinta',
};

/** The state machine's move, refused as a conflict the clerk reads (e.g. a pratica already decided). */
function moveOrRefuse(from: ApplicationState, to: ApplicationState): ApplicationState {
  if (!canMoveApplication(from, to)) throw new ConflictError(`La pratica è ${STATE_WORDS[from]}: non può diventare ${STATE_WORDS[to]}.`);
  return to;
}

/** Submitted pratiche (drafts are the family's own), filtered by type and state, oldest first: the order they came in. */
export function reviewQueue(db: Db, tenantId: string, filters: { type: ApplicationType | null; state: ApplicationState | null }) {
  return db.application.findMany({
    where: {
      tenantId,
      state: filters.state ?? { not: 'DRAFT' },
      ...(filters.type ? { type: filters.type } : {}),
    },
    orderBy: { submittedAt: 'asc' },
    take: 200,
    include: {
      guardian: { select: { firstName: true, lastName: true, fiscalCode: true } },
      student: { select: { firstName: true, lastName: true } },
    },
  });
}

/**
 * The families of these pratiche whose arrears the re-enrolment check flags: only enrollments are checked, all of
 * them at once. What the clerk is shown to weigh; accepting is never blocked by it.
 */
export async function flaggedEnrollmentFamilies(
  db: Db,
  tenantId: string,
  applications: readonly { type: ApplicationType; guardianId: string }[],
  today: IsoDate,
): Promise<Set<string>> {
  const families = [...new Set(applications.filter((a) => a.type === 'ENROLLMENT').map((a) => a.guardianId))];
  const flags = await arrearsFlagsForFamilies(db, tenantId, families, today);
  return new Set(families.filter((id) => flags.get(id)?.flagged));
}

/** The arrears flag shown on an enrollment pratica's review; none for other types. */
export async function enrollmentArrears(
  db: Db,
  tenantId: string,
  application: { type: ApplicationType; guardianId: string },
  today: IsoDate,
) {
  if (application.type !== 'ENROLLMENT') return null;
  const flag = await arrearsFlagForFamily(db, tenantId, application.guardianId, today);
  return flag.flagged ? flag : null;
}

/** A submitted pratica of the Comune with the family's context to read it and its files' metadata; else 404. */
export async function reviewedApplication(db: Db, tenantId: string, id: string) {
  if (!isId(id)) throw new NotFoundError();
  const application = await db.application.findFirst({
    where: { id, tenantId, state: { not: 'DRAFT' } },
    include: {
      guardian: true,
      student: { select: { firstName: true, lastName: true } },
      attachments: { select: { id: true, fileName: true, kind: true, sizeBytes: true, mimeType: true } },
    },
  });
  if (!application) throw new NotFoundError();
  const context = await formContextOfFamily(db, tenantId, application.guardianId);
  return { ...application, kind: praticaType(application.type), payload: payloadOf(application.payload), context };
}

export async function reviewAttachment(db: Db, tenantId: string, applicationId: string, attachmentId: string) {
  if (!isId(applicationId) || !isId(attachmentId)) throw new NotFoundError();
  const file = await db.attachment.findFirst({
    where: { id: attachmentId, tenantId, applicationId, application: { tenantId, state: { not: 'DRAFT' } } },
  });
  if (!file) throw new NotFoundError();
  return file;
}

export async function takeInReview(db: Db, input: { tenantId: string; id: string; actor: Actor; now: Date }) {
  await inTransaction(db, async (tx) => {
    const application = await tx.application.findFirst({ where: { id: input.id, tenantId: input.tenantId } });
    if (!application || application.state === 'DRAFT') throw new NotFoundError();
    const state = moveOrRefuse(application.state, 'IN_REVIEW');
    await tx.application.update({ where: { id: application.id, tenantId: input.tenantId }, data: { state, reviewStartedAt: input.now } });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'APPLICATION_IN_REVIEW',
      entityType: 'Application',
      entityId: application.id,
    });
  });
}

export interface Decision {
  tenant: TenantRef;
  id: string;
  actor: Actor;
  now: Date;
  outcome: 'ACCEPTED' | 'REJECTED';
  reason: string;
}

/**
 * Accepts or rejects a pratica in review, in one transaction with what accepting writes (ACCEPT, per type): if
 * a write is refused (a fiscal code already registered, no tariff for the year…) nothing is decided.
 */
export async function decide(db: Db, decision: Decision) {
  const { tenant, actor, now } = decision;
  if (decision.outcome === 'REJECTED' && decision.reason.trim() === '')
    throw new FieldRuleError('motivazione', 'Scrivi il motivo per cui la pratica è respinta: la famiglia lo legge.');
  await inTransaction(db, async (tx) => {
    const application = await tx.application.findFirst({ where: { id: decision.id, tenantId: tenant.id } });
    if (!application || application.state === 'DRAFT') throw new NotFoundError();
    const state = moveOrRefuse(application.state, decision.outcome);
    if (state === 'ACCEPTED') {
      const context = await formContextOfFamily(tx, tenant.id, application.guardianId);
      const parsed = parsePratica(praticaType(application.type), payloadOf(application.payload), context);
      if (!parsed.ok)
        throw new FieldRuleError(
          'form',
          `I dati del passo "${parsed.step}" non sono più validi: ${localizedText(parsed.error.issues[0]?.message ?? '', translateForJobs())}`,
        );
      await ACCEPT[application.type]({ tx, tenant, actor, application, data: parsed.data, now });
    }
    await tx.application.update({
      where: { id: application.id, tenantId: tenant.id },
      data: { state, decidedAt: now, decidedBy: actor.label, outcomeNote: decision.reason.trim() || null },
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: state === 'ACCEPTED' ? 'APPLICATION_ACCEPTED' : 'APPLICATION_REJECTED',
      entityType: 'Application',
      entityId: application.id,
      details: { type: application.type, protocolNumber: application.protocolNumber, reason: decision.reason.trim() || null },
    });
    await notifyPraticaMove(tx, application, state === 'ACCEPTED' ? 'PRATICA_ACCEPTED' : 'PRATICA_REJECTED');
  });
}

export interface WindowInput {
  type: ApplicationType;
  schoolYear: string | null;
  opensOn: IsoDate;
  closesOn: IsoDate;
}

export async function openWindow(db: Db, input: { tenantId: string; actor: Actor; window: WindowInput }) {
  const { window } = input;
  const problem = windowProblem(window, praticaType(window.type).needsSchoolYear);
  if (problem === 'order') throw new FieldRuleError('closesOn', "L'ultimo giorno non può precedere il primo.");
  if (problem === 'schoolYear') throw new FieldRuleError('schoolYear', "Per l'iscrizione indica l'anno scolastico, ad esempio 2027/2028.");
  await inTransaction(db, async (tx) => {
    const created = await tx.applicationWindow.create({
      data: {
        tenantId: input.tenantId,
        type: window.type,
        schoolYear: praticaType(window.type).needsSchoolYear ? window.schoolYear : null,
        opensOn: toDbDate(window.opensOn),
        closesOn: toDbDate(window.closesOn),
        createdBy: input.actor.label ?? input.actor.kind,
      },
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'APPLICATION_WINDOW_OPENED',
      entityType: 'ApplicationWindow',
      entityId: created.id,
      after: { ...window },
    });
  });
}

export async function removeWindow(db: Db, input: { tenantId: string; actor: Actor; id: string }) {
  if (!isId(input.id)) throw new NotFoundError();
  await inTransaction(db, async (tx) => {
    const removed = await tx.applicationWindow.deleteMany({ where: { id: input.id, tenantId: input.tenantId } });
    if (removed.count === 0) throw new NotFoundError();
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'APPLICATION_WINDOW_REMOVED',
      entityType: 'ApplicationWindow',
      entityId: input.id,
    });
  });
}
