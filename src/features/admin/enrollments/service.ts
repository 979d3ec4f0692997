// Enrollments: a student in a service for a school year. The meals, the kitchen count and the price are derived
// from them on each day, so enrolling or withdrawing changes them from that date on and nothing before it.
import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, isUniqueViolation, type Db, type Tx } from '../../../db/client.ts';
import { addDays, formatItalianDate, fromDbDate, toDbDate, type IsoDate } from '../../../domain/dates.ts';
import { schoolYearBounds } from '../../../domain/school-year.ts';
import { priceOfUnit } from '../../../domain/tariffs.ts';
import type { Enrollment, Prisma } from '../../../generated/prisma/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { firstOpenDay } from '../../canteen/closed-days.ts';
import { pageWindow } from '../../family/page.ts';
import { currentPrices, loadPriceBook, pricedEnrollmentSelect } from '../../pricing/inputs.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { uuidParam } from '../canteen/schemas.ts';
import type { ListQuery } from '../list-query.ts';
import type { ENROLLMENT_SORTS, EnrollmentEdit, NewEnrollment, Withdrawal } from './schemas.ts';

const PAGE_SIZE = 25;

/** The student is already enrolled in the service that year; the page links to the existing enrollment. */
export class DuplicateEnrollmentError extends FieldRuleError {
  constructor(readonly existingId: string | null) {
    super('serviceId', "L'alunno è già iscritto a questo servizio per l'anno scolastico: modifica l'iscrizione esistente.");
  }
}

const listInclude = {
  student: { select: { firstName: true, lastName: true, fiscalCode: true, badgeNumber: true, guardianId: true } },
  service: { select: { name: true, kind: true } },
  school: { select: { name: true } },
  schoolClass: { select: { name: true, mealWeekdays: true } },
} satisfies Prisma.EnrollmentInclude;

const ORDER: Record<(typeof ENROLLMENT_SORTS)[number], (dir: 'asc' | 'desc') => Prisma.EnrollmentOrderByWithRelationInput[]> = {
  student: (dir) => [{ student: { lastName: dir } }, { student: { firstName: dir } }],
  service: (dir) => [{ service: { name: dir } }, { student: { lastName: 'asc' } }],
  startsOn: (dir) => [{ startsOn: dir }, { student: { lastName: 'asc' } }],
  state: (dir) => [{ state: dir }, { student: { lastName: 'asc' } }],
};

export async function enrollmentsList(
  db: Db,
  tenantId: string,
  list: ListQuery<(typeof ENROLLMENT_SORTS)[number]>,
  filters: { serviceId: string | null; schoolYear: string },
  today: IsoDate,
) {
  const q = list.q;
  const where: Prisma.EnrollmentWhereInput = {
    tenantId,
    schoolYear: filters.schoolYear,
    ...(filters.serviceId ? { serviceId: filters.serviceId } : {}),
    ...(q
      ? {
          student: {
            tenantId,
            OR: [
              { lastName: { contains: q, mode: 'insensitive' } },
              { firstName: { contains: q, mode: 'insensitive' } },
              { fiscalCode: q.toUpperCase() },
              { badgeNumber: q },
            ],
          },
        }
      : {}),
  };
  const total = await db.enrollment.count({ where });
  const window = pageWindow(total, list.page, PAGE_SIZE);
  const items = await db.enrollment.findMany({
    where,
    include: listInclude,
    orderBy: ORDER[list.sort](list.dir),
    skip: window.skip,
    take: window.take,
  });
  const prices = await currentPrices(db, tenantId, items, today);
  return { items: items.map((e, i) => ({ ...e, price: prices[i] })), total, page: window.page, pages: window.pages };
}

export async function enrollmentOf(db: Db | Tx, tenantId: string, enrollmentId: string) {
  if (!uuidParam.safeParse(enrollmentId).success) throw new NotFoundError();
  const enrollment = await db.enrollment.findFirst({ where: { id: enrollmentId, tenantId }, include: listInclude });
  if (!enrollment) throw new NotFoundError();
  return enrollment;
}

/** The choices of the enrollment form: the Comune's active services, its schools and their classes. */
export async function enrollmentFormOptions(db: Db, tenantId: string) {
  const [services, schools, classes] = await Promise.all([
    db.service.findMany({ where: { tenantId, active: true }, orderBy: { name: 'asc' } }),
    db.school.findMany({ where: { tenantId }, orderBy: { name: 'asc' } }),
    db.schoolClass.findMany({
      where: { tenantId },
      orderBy: [{ schoolId: 'asc' }, { name: 'asc' }],
      include: { school: { select: { name: true } } },
    }),
  ]);
  return { services, schools, classes };
}

/** The student named by fiscal code or badge in this Comune, or a field error. */
async function studentByCode(tx: Tx, tenantId: string, code: string) {
  const student = await tx.student.findFirst({ where: { tenantId, OR: [{ fiscalCode: code.toUpperCase() }, { badgeNumber: code }] } });
  if (!student) throw new FieldRuleError('student', 'Nessun alunno del Comune ha questo codice fiscale o numero di badge.');
  return student;
}

type Draft = EnrollmentEdit & { schoolYear: string; serviceKind: string };

/** The checks a written enrollment passes: its school and class, its dates, and the closed days left alone. */
async function checkDraft(tx: Tx, tenantId: string, draft: Draft, before: Pick<Enrollment, 'startsOn' | 'endsOn'> | null): Promise<void> {
  const school = await tx.school.findFirst({ where: { id: draft.schoolId, tenantId } });
  if (!school) throw new FieldRuleError('schoolId', 'Scegli un plesso del Comune.');
  if (draft.classId && !(await tx.schoolClass.findFirst({ where: { id: draft.classId, tenantId, schoolId: school.id } }))) {
    throw new FieldRuleError('classId', 'La classe scelta non è del plesso indicato.');
  }
  const { from, to } = schoolYearBounds(draft.schoolYear);
  const outside = `deve cadere nell'anno scolastico ${draft.schoolYear} (dal ${formatItalianDate(from)} al ${formatItalianDate(to)}).`;
  if (draft.startsOn < from || draft.startsOn > to) throw new FieldRuleError('startsOn', `Il primo giorno ${outside}`);
  if (draft.endsOn && draft.endsOn > to) throw new FieldRuleError('endsOn', `L'ultimo giorno ${outside}`);
  if (draft.serviceKind !== 'CANTEEN') return;
  const open = await firstOpenDay(tx, tenantId);
  if (!open) return;
  const closedUntil = formatItalianDate(addDays(open, -1));
  const startChanged = !before || fromDbDate(before.startsOn) !== draft.startsOn;
  if (startChanged && draft.startsOn < open) {
    throw new FieldRuleError(
      'startsOn',
      `I giorni fino al ${closedUntil} sono già chiusi: il servizio può iniziare al più presto il ${formatItalianDate(open)}.`,
    );
  }
  const oldEnd = before?.endsOn ? fromDbDate(before.endsOn) : null;
  if (before && oldEnd !== draft.endsOn && [oldEnd, draft.endsOn].some((day) => day !== null && day < addDays(open, -1))) {
    throw new FieldRuleError(
      'endsOn',
      `I giorni fino al ${closedUntil} sono già chiusi: l'ultimo giorno non può cambiare prima di allora.`,
    );
  }
}

/** Refuses (rolling back) an enrollment that no tariff prices on its first day. */
async function checkPriced(tx: Tx, tenantId: string, enrollmentId: string): Promise<void> {
  const saved = await tx.enrollment.findUniqueOrThrow({ where: { id: enrollmentId, tenantId }, select: pricedEnrollmentSelect });
  const day = fromDbDate(saved.startsOn);
  const price = priceOfUnit((await loadPriceBook(tx, tenantId, [saved])).inputFor(saved, day));
  if (price.ok) return;
  if (price.refusal === 'NO_BAND')
    throw new FieldRuleError(
      'isee',
      "Nessuna fascia ISEE della tariffa comprende questo valore: controlla l'ISEE o la tabella delle tariffe.",
    );
  throw new FieldRuleError(
    'startsOn',
    `Il servizio non ha una tariffa in vigore il ${formatItalianDate(day)}: aggiungila in Servizi e tariffe.`,
  );
}

function enrollmentData(form: EnrollmentEdit) {
  return {
    schoolId: form.schoolId,
    classId: form.classId,
    mealWeekdays: form.mealWeekdays,
    iseeCents: form.isee,
    dsuProtocol: form.dsuProtocol,
    exemptionReason: form.exemptionReason,
    startsOn: toDbDate(form.startsOn),
    endsOn: form.endsOn ? toDbDate(form.endsOn) : null,
    dietCode: form.dietCode,
    dietNote: form.dietNote,
  };
}

function auditOf(e: Enrollment) {
  const day = (d: Date | null) => (d ? fromDbDate(d) : null);
  return {
    schoolYear: e.schoolYear,
    schoolId: e.schoolId,
    classId: e.classId,
    mealWeekdays: e.mealWeekdays,
    iseeCents: e.iseeCents,
    dsuProtocol: e.dsuProtocol,
    exemptionReason: e.exemptionReason,
    startsOn: day(e.startsOn),
    endsOn: day(e.endsOn),
    withdrawnOn: day(e.withdrawnOn),
    withdrawalReason: e.withdrawalReason,
    state: e.state,
  };
}

type EnrollmentCreation = { tenantId: string; form: NewEnrollment; actor: Actor };

export async function createEnrollment(db: Db, input: EnrollmentCreation): Promise<Enrollment> {
  try {
    return await inTransaction(db, (tx) => createEnrollmentIn(tx, input));
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateEnrollmentError(null);
    throw error;
  }
}

/** The same, inside the caller's transaction (an accepted enrollment pratica). */
export async function createEnrollmentIn(tx: Tx, input: EnrollmentCreation): Promise<Enrollment> {
  const { tenantId, form, actor } = input;
  const student = await studentByCode(tx, tenantId, form.student);
  const service = await tx.service.findFirst({ where: { id: form.serviceId, tenantId, active: true } });
  if (!service) throw new FieldRuleError('serviceId', 'Scegli un servizio attivo del Comune.');
  const existing = await tx.enrollment.findFirst({
    where: { tenantId, studentId: student.id, serviceId: service.id, schoolYear: form.schoolYear },
    select: { id: true },
  });
  if (existing) throw new DuplicateEnrollmentError(existing.id);
  await checkDraft(tx, tenantId, { ...form, serviceKind: service.kind }, null);
  const created = await tx.enrollment.create({
    data: { tenantId, studentId: student.id, serviceId: service.id, schoolYear: form.schoolYear, ...enrollmentData(form) },
  });
  await checkPriced(tx, tenantId, created.id);
  await recordAudit(tx, {
    tenantId,
    actor,
    action: 'ENROLLMENT_CREATED',
    entityType: 'Enrollment',
    entityId: created.id,
    details: { after: auditOf(created) },
  });
  return created;
}

export async function updateEnrollment(db: Db, input: { tenantId: string; enrollmentId: string; form: EnrollmentEdit; actor: Actor }) {
  const { tenantId, form, actor } = input;
  return inTransaction(db, async (tx) => {
    const before = await enrollmentOf(tx, tenantId, input.enrollmentId);
    if (before.withdrawnOn)
      throw new FieldRuleError(
        'startsOn',
        "L'iscrizione è stata ritirata e non si modifica più: per riprendere il servizio crea una nuova iscrizione l'anno prossimo o contatta l'assistenza.",
      );
    await checkDraft(tx, tenantId, { ...form, schoolYear: before.schoolYear, serviceKind: before.service.kind }, before);
    const saved = await tx.enrollment.update({ where: { id: before.id, tenantId: before.tenantId }, data: enrollmentData(form) });
    await checkPriced(tx, tenantId, saved.id);
    await recordAudit(tx, {
      tenantId,
      actor,
      action: 'ENROLLMENT_UPDATED',
      entityType: 'Enrollment',
      entityId: saved.id,
      details: { before: auditOf(before), after: auditOf(saved) },
    });
    return saved;
  });
}

/**
 * A withdrawal from a day: the service is not used from `withdrawnOn` on, so the enrollment's last day becomes
 * the day before; the meals, the kitchen count and the siblings' order follow from it.
 */
export async function withdrawEnrollment(db: Db, input: { tenantId: string; enrollmentId: string; form: Withdrawal; actor: Actor }) {
  const { tenantId, form, actor } = input;
  return inTransaction(db, async (tx) => {
    const before = await enrollmentOf(tx, tenantId, input.enrollmentId);
    if (before.withdrawnOn)
      throw new FieldRuleError('withdrawnOn', `Il ritiro è già stato registrato dal ${formatItalianDate(fromDbDate(before.withdrawnOn))}.`);
    const startsOn = fromDbDate(before.startsOn);
    const endsOn = before.endsOn ? fromDbDate(before.endsOn) : null;
    if (form.withdrawnOn < startsOn || (endsOn && form.withdrawnOn > addDays(endsOn, 1))) {
      throw new FieldRuleError(
        'withdrawnOn',
        `Il ritiro deve decorrere tra il ${formatItalianDate(startsOn)} e il giorno dopo la fine dell'iscrizione.`,
      );
    }
    const open = before.service.kind === 'CANTEEN' ? await firstOpenDay(tx, tenantId) : null;
    if (open && form.withdrawnOn < open) {
      throw new FieldRuleError(
        'withdrawnOn',
        `I giorni fino al ${formatItalianDate(addDays(open, -1))} sono già chiusi e addebitati: il ritiro può decorrere al più presto dal ${formatItalianDate(open)}.`,
      );
    }
    const saved = await tx.enrollment.update({
      where: { id: before.id },
      data: {
        withdrawnOn: toDbDate(form.withdrawnOn),
        withdrawalReason: form.withdrawalReason,
        endsOn: toDbDate(addDays(form.withdrawnOn, -1)),
        state: 'ENDED',
      },
    });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: 'ENROLLMENT_WITHDRAWN',
      entityType: 'Enrollment',
      entityId: saved.id,
      details: { before: auditOf(before), after: auditOf(saved) },
    });
    return saved;
  });
}
