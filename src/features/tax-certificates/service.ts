import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { romeDateOf } from '../../domain/dates.ts';
import { childStatement, yearsWithPayments } from '../../domain/tax-certificate.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import type { Language, Translate } from '../../web/i18n.ts';
import { studentOfFamily } from '../family/scope.ts';
import { recordedPayments } from './payments.ts';
import { certificateFileName, renderTaxCertificatePdf } from './pdf.ts';

/** The calendar years in which the family paid for this child (already checked as theirs): one certificate each. */
export async function certificateYears(db: Db, tenantId: string, studentId: string): Promise<number[]> {
  return yearsWithPayments(await recordedPayments(db, tenantId, [studentId]), studentId);
}

/**
 * A child's 730 certificate for a year, made when asked from the same rule and layout the January bulk run uses,
 * so it always reflects every receipt recorded so far. Another family's child, or a year without payments: 404.
 */
export async function familyCertificate(
  db: Db,
  t: Translate,
  lang: Language,
  input: { auth: SessionAuth; tenant: Tenant; studentId: string; year: number; now: Date },
): Promise<{ fileName: string; bytes: Buffer }> {
  const { auth, tenant, year } = input;
  const student = await studentOfFamily(db, auth, input.studentId);
  const statement = childStatement(await recordedPayments(db, tenant.id, [student.id], year), student.id, year);
  if (statement.rows.length === 0) throw new NotFoundError();
  const guardian = await db.guardian.findFirstOrThrow({ where: { id: student.guardianId, tenantId: tenant.id } });
  const bytes = await renderTaxCertificatePdf(t, lang, { tenant, guardian, student, statement, issuedOn: romeDateOf(input.now) });
  return { fileName: certificateFileName(year, student), bytes };
}
