// "Dati obbligatori" (seeds 003/004): before any payment the portal needs the parent's e-mail and the codice
// fiscale of child and parent. The payments feature calls missingRequiredData before starting a payment.
import type { SessionAuth } from '../../auth/session-auth.ts';
import { actorOf, recordAudit } from '../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../db/client.ts';
import { isValidFiscalCode } from '../../domain/fiscal-code.ts';
import { familyStudents } from '../family/scope.ts';

export type MissingItem =
  | { kind: 'GUARDIAN_EMAIL'; guardianId: string; guardianName: string }
  | { kind: 'GUARDIAN_FISCAL_CODE'; guardianId: string; guardianName: string }
  | { kind: 'STUDENT_FISCAL_CODE'; studentId: string; studentName: string };

const present = (cf: string | null) => !!cf && isValidFiscalCode(cf);

/**
 * What is missing for these children of the family (all of them when studentIds is omitted); an empty list
 * means a payment may start. Children outside the family are ignored, never reported.
 */
export async function missingRequiredData(db: Db | Tx, auth: SessionAuth, studentIds?: string[]): Promise<MissingItem[]> {
  const family = await familyStudents(db, auth);
  const students = studentIds ? family.filter((s) => studentIds.includes(s.id)) : family;
  const guardianIds = [...new Set(students.map((s) => s.guardianId))];
  const guardians =
    guardianIds.length === 0 ? [] : await db.guardian.findMany({ where: { tenantId: auth.tenantId, id: { in: guardianIds } } });
  const guardianOf = new Map(guardians.map((g) => [g.id, g]));
  const items: MissingItem[] = [];
  for (const guardian of guardianIds.map((id) => guardianOf.get(id)).filter((g) => g !== undefined)) {
    const guardianName = guardian.isCompany ? guardian.lastName : `${guardian.firstName} ${guardian.lastName}`;
    if (!guardian.email?.trim()) items.push({ kind: 'GUARDIAN_EMAIL', guardianId: guardian.id, guardianName });
    if (!present(guardian.fiscalCode)) items.push({ kind: 'GUARDIAN_FISCAL_CODE', guardianId: guardian.id, guardianName });
  }
  for (const student of students) {
    if (!present(student.fiscalCode)) {
      items.push({ kind: 'STUDENT_FISCAL_CODE', studentId: student.id, studentName: `${student.firstName} ${student.lastName}` });
    }
  }
  return items;
}

/** The form's field name for one missing item. */
export function fieldOf(item: MissingItem): string {
  switch (item.kind) {
    case 'GUARDIAN_EMAIL':
      return `email_${item.guardianId}`;
    case 'GUARDIAN_FISCAL_CODE':
      return `cfGenitore_${item.guardianId}`;
    case 'STUDENT_FISCAL_CODE':
      return `cfAlunno_${item.studentId}`;
  }
}

/**
 * Fills the missing data (only what is still missing: nothing present is overwritten), in one transaction.
 * Returns a message (a locale key) per field when a value is refused by the database (e.g. a CF already in use).
 */
export async function completeRequiredData(db: Db, auth: SessionAuth, values: Map<string, string>): Promise<Record<string, string>> {
  return inTransaction(db, async (tx) => {
    const missing = await missingRequiredData(tx, auth);
    const refused: Record<string, string> = {};
    for (const item of missing) {
      const value = values.get(fieldOf(item));
      if (value === undefined) continue;
      if (item.kind === 'GUARDIAN_EMAIL') {
        await tx.guardian.update({ where: { id: item.guardianId, tenantId: auth.tenantId }, data: { email: value } });
      } else if (item.kind === 'GUARDIAN_FISCAL_CODE') {
        const taken = await tx.guardian.findFirst({ where: { tenantId: auth.tenantId, fiscalCode: value, NOT: { id: item.guardianId } } });
        if (taken) {
          refused[fieldOf(item)] = 'requiredData.errors.fiscalCodeTaken';
          continue;
        }
        await tx.guardian.update({ where: { id: item.guardianId, tenantId: auth.tenantId }, data: { fiscalCode: value } });
      } else {
        await tx.student.update({ where: { id: item.studentId, tenantId: auth.tenantId }, data: { fiscalCode: value } });
      }
      await recordAudit(tx, {
        tenantId: auth.tenantId,
        actor: actorOf(auth),
        action: 'REQUIRED_DATA_COMPLETED',
        entityType: item.kind === 'STUDENT_FISCAL_CODE' ? 'Student' : 'Guardian',
        entityId: item.kind === 'STUDENT_FISCAL_CODE' ? item.studentId : item.guardianId,
        details: { field: item.kind },
      });
    }
    // All or nothing: a refused value leaves every field as it was, and the parent corrects and resubmits.
    if (Object.keys(refused).length) throw new RefusedValues(refused);
    return refused;
  }).catch((error: unknown) => {
    if (error instanceof RefusedValues) return error.fields;
    throw error;
  });
}

class RefusedValues extends Error {
  constructor(readonly fields: Record<string, string>) {
    super('refused values');
  }
}
