import type { Db, Tx } from '../../../db/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { uuidParam } from './schemas.ts';

/** The school with that id in this Comune, or 404 (also for malformed ids and other Comuni's schools). */
export async function schoolOf(db: Db | Tx, tenantId: string, schoolId: string) {
  if (!uuidParam.safeParse(schoolId).success) throw new NotFoundError();
  const school = await db.school.findFirst({ where: { id: schoolId, tenantId } });
  if (!school) throw new NotFoundError();
  return school;
}

export function schoolsOf(db: Db | Tx, tenantId: string) {
  return db.school.findMany({ where: { tenantId }, orderBy: [{ kind: 'asc' }, { name: 'asc' }] });
}
