import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db, Tx } from '../../db/client.ts';
import { NotFoundError } from '../../web/errors.ts';

/**
 * Every parent page reads through these: a family is the children of the guardians the logged-in adult
 * may act for (as intestatario or as delegate). Anything else is "not found".
 */
export function familyStudentWhere(auth: SessionAuth) {
  return { tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } };
}

export async function familyStudents(db: Db | Tx, auth: SessionAuth) {
  return db.student.findMany({
    where: familyStudentWhere(auth),
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    include: { school: true, schoolClass: true },
  });
}

export type FamilyStudent = Awaited<ReturnType<typeof familyStudents>>[number];

/** The child with this id if it belongs to the family; NotFoundError otherwise (foreign ids are 404). */
export async function studentOfFamily(db: Db | Tx, auth: SessionAuth, studentId: string | undefined): Promise<FamilyStudent> {
  if (!studentId || !/^[0-9a-f-]{36}$/i.test(studentId)) throw new NotFoundError();
  const student = await db.student.findFirst({
    where: { id: studentId, ...familyStudentWhere(auth) },
    include: { school: true, schoolClass: true },
  });
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
