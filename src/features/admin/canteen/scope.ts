import type { Db, Tx } from '../../../db/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { uuidParam } from './schemas.ts';

/** A rule of the service refused the input; shown next to `field` on the same page, nothing changed. */
export class FieldRuleError extends Error {
  override name = 'FieldRuleError';
  constructor(
    readonly field: string,
    readonly userMessage: string,
  ) {
    super(userMessage);
  }
}

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
