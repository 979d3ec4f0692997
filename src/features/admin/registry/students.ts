import { changesOf, recordAudit, snapshotOf, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import { fromDbDate, romeDateOf, toDbDate } from '../../../domain/dates.ts';
import { birthDataMismatches } from '../../../domain/fiscal-code.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { pageWindow } from '../../family/page.ts';
import { assignableBadge } from './badges.ts';
import type { ListQuery, StudentInput } from './schemas.ts';
import { fullName, guardianOf, registryPaths, searchWhere, studentOf, type TenantRef } from './scope.ts';

export const STUDENT_SORTS = ['cognome', 'cognome-za', 'nascita', 'badge', 'scuola'] as const;
type StudentSort = (typeof STUDENT_SORTS)[number];
const ORDER: Record<StudentSort, Prisma.StudentOrderByWithRelationInput[]> = {
  cognome: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
  'cognome-za': [{ lastName: 'desc' }, { firstName: 'desc' }, { id: 'asc' }],
  nascita: [{ birthDate: 'asc' }, { id: 'asc' }],
  badge: [{ badgeNumber: 'asc' }],
  scuola: [{ school: { name: 'asc' } }, { lastName: 'asc' }, { id: 'asc' }],
};
const PAGE_SIZE = 25;

/** Students by name, fiscal code or badge (a replaced badge finds its child too), sorted and paged. */
export async function listStudents(db: Db, tenantId: string, query: ListQuery<StudentSort>) {
  const where: Prisma.StudentWhereInput = {
    tenantId,
    ...(query.state === 'tutti' ? {} : { deactivatedAt: query.state === 'attivi' ? null : { not: null } }),
    ...searchWhere<Prisma.StudentWhereInput>(query.q, (word) => [
      { lastName: { contains: word, mode: 'insensitive' } },
      { firstName: { contains: word, mode: 'insensitive' } },
      { fiscalCode: { startsWith: word.toUpperCase() } },
      { badgeNumber: word.toUpperCase() },
      { retiredBadges: { some: { tenantId, number: word.toUpperCase() } } },
    ]),
  };
  const total = await db.student.count({ where });
  const { page, pages, skip, take } = pageWindow(total, query.page, PAGE_SIZE);
  const items = await db.student.findMany({ where, orderBy: ORDER[query.sort], skip, take, include: { school: true, guardian: true } });
  return { items, page, pages, total };
}

/** What ties a student to the past: with any of it, the record can only be deactivated. */
async function studentHistory(db: Db | Tx, tenantId: string, studentId: string): Promise<number> {
  const where = { tenantId, studentId };
  const counts = await Promise.all([
    db.booking.count({ where }),
    db.invoice.count({ where }),
    db.paymentNotice.count({ where }),
    db.wallet.count({ where }),
    db.enrollment.count({ where }),
    db.application.count({ where }),
    db.attachment.count({ where }),
    db.contactMessage.count({ where }),
    db.prolongedAbsence.count({ where }),
    db.retiredBadge.count({ where }),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

/** The student's page: data, family, badges, enrollments, fascicolo, and what the fiscal code says. */
export async function studentCard(db: Db, tenantId: string, studentId: unknown) {
  const { id } = await studentOf(db, tenantId, studentId);
  const student = await db.student.findFirstOrThrow({
    where: { id, tenantId },
    include: { school: true, schoolClass: true, guardian: true },
  });
  const [siblings, retiredBadges, enrollments, documents, history] = await Promise.all([
    db.student.findMany({ where: { tenantId, guardianId: student.guardianId, NOT: { id: student.id } }, orderBy: { birthDate: 'asc' } }),
    db.retiredBadge.findMany({ where: { tenantId, studentId: student.id }, orderBy: { retiredAt: 'desc' } }),
    db.enrollment.findMany({ where: { tenantId, studentId: student.id }, include: { service: true }, orderBy: [{ schoolYear: 'desc' }] }),
    db.attachment.findMany({
      where: { tenantId, studentId: student.id, invoiceId: null },
      select: { id: true, kind: true, title: true, fileName: true, mimeType: true, sizeBytes: true, createdAt: true },
      orderBy: { createdAt: 'desc' },
    }),
    studentHistory(db, tenantId, student.id),
  ]);
  return { student, siblings, retiredBadges, enrollments, documents, canDelete: history === 0, mismatches: mismatchesOf(student) };
}

function mismatchesOf(student: { fiscalCode: string | null; birthDate: Date; sex: 'M' | 'F' }) {
  return student.fiscalCode ? birthDataMismatches(student.fiscalCode, { birthDate: fromDbDate(student.birthDate), sex: student.sex }) : [];
}

/** The schools and classes a student can be placed in. */
export async function placesOf(db: Db, tenantId: string) {
  const [schools, classes] = await Promise.all([
    db.school.findMany({ where: { tenantId }, orderBy: { name: 'asc' } }),
    db.schoolClass.findMany({ where: { tenantId }, orderBy: { name: 'asc' } }),
  ]);
  return { schools, classes };
}

async function refuseDuplicate(tx: Tx, tenant: TenantRef, fiscalCode: string, exceptId?: string) {
  const existing = await tx.student.findFirst({
    where: { tenantId: tenant.id, fiscalCode, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
  });
  if (!existing) return;
  throw new FieldRuleError('fiscalCode', `Il codice fiscale ${fiscalCode} è già registrato per l'alunno ${fullName(existing)}.`, {
    href: registryPaths.student(tenant.slug, existing.id),
    label: `Apri la scheda di ${fullName(existing)}`,
  });
}

async function checkPlace(tx: Tx, tenantId: string, input: Pick<StudentInput, 'schoolId' | 'classId'>) {
  if (!(await tx.school.findFirst({ where: { id: input.schoolId, tenantId } }))) throw new FieldRuleError('schoolId', 'Scegli la scuola.');
  if (input.classId && !(await tx.schoolClass.findFirst({ where: { id: input.classId, tenantId, schoolId: input.schoolId } })))
    throw new FieldRuleError('classId', 'La classe scelta non è di questa scuola.');
}

const studentData = ({ badgeNumber: _badge, birthDate, ...rest }: StudentInput) => ({ ...rest, birthDate: toDbDate(birthDate) });

/** A new child in a family; the badge typed, or the next free number. Returns it with the fiscal-code warnings. */
export async function createStudent(db: Db, tenant: TenantRef, actor: Actor, guardianId: string, input: StudentInput) {
  const student = await inTransaction(db, (tx) => createStudentIn(tx, tenant, actor, guardianId, input));
  return { student, mismatches: mismatchesOf(student) };
}

/** The same, inside the caller's transaction (an accepted enrollment pratica adds the child with the enrollment). */
export async function createStudentIn(tx: Tx, tenant: TenantRef, actor: Actor, guardianId: string, input: StudentInput) {
  const guardian = await guardianOf(tx, tenant.id, guardianId);
  if (guardian.deactivatedAt)
    throw new FieldRuleError('form', 'La famiglia è disattivata: riattiva l’intestatario prima di aggiungere un alunno.');
  await refuseDuplicate(tx, tenant, input.fiscalCode);
  await checkPlace(tx, tenant.id, input);
  const badgeNumber = await assignableBadge(tx, tenant, input.badgeNumber);
  const created = await tx.student.create({ data: { tenantId: tenant.id, guardianId: guardian.id, badgeNumber, ...studentData(input) } });
  await recordAudit(tx, {
    tenantId: tenant.id,
    actor,
    action: 'STUDENT_CREATED',
    entityType: 'Student',
    entityId: created.id,
    details: { after: snapshotOf(created, ['tenantId', 'id']) },
  });
  return created;
}

export async function updateStudent(db: Db, tenant: TenantRef, actor: Actor, studentId: string, input: StudentInput) {
  return inTransaction(db, async (tx) => {
    const before = await studentOf(tx, tenant.id, studentId);
    await refuseDuplicate(tx, tenant, input.fiscalCode, before.id);
    await checkPlace(tx, tenant.id, input);
    const data = studentData(input);
    const after = await tx.student.update({ where: { id: before.id, tenantId: before.tenantId }, data });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'STUDENT_UPDATED',
      entityType: 'Student',
      entityId: before.id,
      details: changesOf(before, data),
    });
    return { student: after, mismatches: mismatchesOf(after) };
  });
}

/** Deactivation keeps the record and its history. A child still enrolled is withdrawn first (that ends the meals). */
export async function setStudentActive(db: Db, tenant: TenantRef, actor: Actor, studentId: string, active: boolean, now: Date) {
  await inTransaction(db, async (tx) => {
    const before = await studentOf(tx, tenant.id, studentId);
    const today = toDbDate(romeDateOf(now));
    if (
      !active &&
      (await tx.enrollment.count({
        where: { tenantId: tenant.id, studentId: before.id, state: 'ACTIVE', OR: [{ endsOn: null }, { endsOn: { gte: today } }] },
      })) > 0
    )
      throw new FieldRuleError('form', 'L’alunno ha iscrizioni in corso: registra prima il ritiro dai servizi, poi disattivalo.');
    if (active && (await guardianOf(tx, tenant.id, before.guardianId)).deactivatedAt)
      throw new FieldRuleError('form', 'La famiglia è disattivata: riattiva prima l’intestatario.');
    const deactivatedAt = active ? null : now;
    await tx.student.update({ where: { id: before.id, tenantId: before.tenantId }, data: { deactivatedAt } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: active ? 'STUDENT_REACTIVATED' : 'STUDENT_DEACTIVATED',
      entityType: 'Student',
      entityId: before.id,
      details: changesOf(before, { deactivatedAt }),
    });
  });
}

/** Only a record typed by mistake is removed: with bookings, invoices, payments or any other history it is deactivated. */
export async function deleteStudent(db: Db, tenant: TenantRef, actor: Actor, studentId: string) {
  return inTransaction(db, async (tx) => {
    const student = await studentOf(tx, tenant.id, studentId);
    if ((await studentHistory(tx, tenant.id, student.id)) > 0)
      throw new FieldRuleError(
        'form',
        'L’alunno ha uno storico (iscrizioni, pasti, documenti o pagamenti): non può essere eliminato, solo disattivato.',
      );
    await tx.student.delete({ where: { id: student.id, tenantId: student.tenantId } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'STUDENT_DELETED',
      entityType: 'Student',
      entityId: student.id,
      details: { before: snapshotOf(student, ['tenantId', 'id']) },
    });
    return student;
  });
}

/**
 * Moves a child to another family (found by its intestatario's fiscal code). Siblings are the children of a
 * family, so both families' sibling ranks are recomputed; issued invoices stay with the intestatario they were
 * issued to.
 */
export async function moveStudent(db: Db, tenant: TenantRef, actor: Actor, studentId: string, toFiscalCode: string) {
  return inTransaction(db, async (tx) => {
    const student = await studentOf(tx, tenant.id, studentId);
    const target = await tx.guardian.findFirst({ where: { tenantId: tenant.id, fiscalCode: toFiscalCode } });
    if (!target) throw new FieldRuleError('toFiscalCode', 'Nessun intestatario di questo Comune ha questo codice fiscale: crealo prima.');
    if (target.id === student.guardianId) throw new FieldRuleError('toFiscalCode', 'L’alunno fa già parte di questa famiglia.');
    if (target.deactivatedAt) throw new FieldRuleError('toFiscalCode', 'La famiglia scelta è disattivata: riattiva prima l’intestatario.');
    await tx.student.update({ where: { id: student.id, tenantId: student.tenantId }, data: { guardianId: target.id } });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'STUDENT_MOVED',
      entityType: 'Student',
      entityId: student.id,
      details: changesOf(student, { guardianId: target.id }),
    });
    return target;
  });
}
