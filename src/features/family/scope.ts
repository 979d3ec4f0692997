import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { Prisma, School, SchoolClass, Student } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { keptRead } from '../../db/change-feed.ts';
import { isTransaction, readTogether } from '../canteen/reads.ts';

/**
 * Every parent page reads through these: a family is the children of the guardians the logged-in adult
 * may act for (as intestatario or as delegate). Anything else is "not found".
 */
export function familyStudentWhere(auth: SessionAuth) {
  return { tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } };
}

/**
 * The invoices of the families the adult acts for. A monthly invoice of several siblings has no student of
 * its own, so invoices are the family's by their intestatario, never through a child.
 */
export function familyInvoiceWhere(auth: SessionAuth) {
  return { tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } };
}

/** The invoices that concern one child: theirs alone, or a family invoice with a line for them. */
export function invoiceOfStudentWhere(studentId: string): Prisma.InvoiceWhereInput {
  return { OR: [{ studentId }, { lines: { some: { studentId } } }] };
}

const STUDENT_ORDER: Prisma.StudentOrderByWithRelationInput[] = [{ lastName: 'asc' }, { firstName: 'asc' }];

export type FamilyStudent = Student & { school: School; schoolClass: SchoolClass | null };

/**
 * Children with their school and class. The three reads go out together (the schools and classes are
 * found through the same filter) instead of one after the other as an `include` would send them.
 */
async function studentsWithPlaces(db: Db | Tx, where: Prisma.StudentWhereInput & { tenantId: string }): Promise<FamilyStudent[]> {
  const [students, schools, classes] = await readTogether(
    db,
    () => db.student.findMany({ where, orderBy: STUDENT_ORDER }),
    () => db.school.findMany({ where: { tenantId: where.tenantId, students: { some: where } } }),
    () => db.schoolClass.findMany({ where: { tenantId: where.tenantId, students: { some: where } } }),
  );
  const schoolOf = new Map(schools.map((school) => [school.id, school]));
  const classOf = new Map(classes.map((schoolClass) => [schoolClass.id, schoolClass]));
  // a child moved to another school or class between the reads: read them the plain way
  if (students.some((s) => !schoolOf.has(s.schoolId) || (s.classId && !classOf.has(s.classId)))) {
    return db.student.findMany({ where, orderBy: STUDENT_ORDER, include: { school: true, schoolClass: true } });
  }
  return students.map((student) => ({
    ...student,
    school: schoolOf.get(student.schoolId)!,
    schoolClass: student.classId ? (classOf.get(student.classId) ?? null) : null,
  }));
}

/**
 * One read of the family per request, shared by every part of the page (the home's children, news, required
 * data…), keyed by the session's auth object, which express-session builds anew for each request; and between
 * requests, a copy kept until a child, school or class is written (src/db/change-feed.ts). Shared objects: read
 * them, never change them. Inside a transaction the children are always read again, through its connection.
 */
const readThisRequest = new WeakMap<SessionAuth, Promise<FamilyStudent[]>>();

export async function familyStudents(db: Db | Tx, auth: SessionAuth): Promise<FamilyStudent[]> {
  if (isTransaction(db)) return studentsWithPlaces(db, familyStudentWhere(auth));
  let read = readThisRequest.get(auth);
  if (!read) {
    const load = () => studentsWithPlaces(db, familyStudentWhere(auth));
    const key = `family|${auth.tenantId}|${[...auth.guardianIds].sort().join(',')}`;
    read = keptRead(db, key, ['Student', 'School', 'SchoolClass'], load) ?? load();
    readThisRequest.set(auth, read);
    read.catch(() => readThisRequest.delete(auth));
  }
  return read;
}

/** The child with this id if it belongs to the family; NotFoundError otherwise (foreign ids are 404). */
export async function studentOfFamily(db: Db | Tx, auth: SessionAuth, studentId: string | undefined): Promise<FamilyStudent> {
  if (!studentId || !/^[0-9a-f-]{36}$/i.test(studentId)) throw new NotFoundError();
  const [student] = await studentsWithPlaces(db, { id: studentId, ...familyStudentWhere(auth) });
  if (!student) throw new NotFoundError();
  return student;
}

/**
 * The child a page is about: the one named in ?alunno= (must be of the family), else the first child.
 * Parents with several children switch with the child switcher on every page.
 */
export async function selectedStudent(db: Db, auth: SessionAuth, requestedId: unknown) {
  const students = await familyStudents(db, auth);
  if (students.length === 0) throw new NotFoundError();
  if (typeof requestedId === 'string' && requestedId !== '') {
    const found = students.find((student) => student.id === requestedId);
    if (!found) throw new NotFoundError();
    return { students, student: found };
  }
  return { students, student: students[0] };
}
