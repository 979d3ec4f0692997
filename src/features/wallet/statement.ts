import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { romeDateOf } from '../../domain/dates.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import type { Language, Translate } from '../../web/i18n.ts';
import { renderWalletStatementPdf, walletStatement } from '../billing/wallet-statement.ts';
import { selectedStudent } from '../family/scope.ts';
import { requirePrepaid } from './service.ts';

/** How many months back the wallet page offers the monthly statement. */
const STATEMENT_MONTHS = 12;

/** The months ('YYYY-MM') the page offers, newest first: this month and the eleven before it. */
export function statementMonths(now: Date): string[] {
  const today = romeDateOf(now);
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1;
  return Array.from({ length: STATEMENT_MONTHS }, (_, i) => {
    const at = index - i;
    return `${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * The "Estratto conto mensile" PDF of the family of the child named in ?alunno= (a foreign child is 404): the
 * wallets of that intestatario's children the logged-in adult may see.
 */
export async function familyStatementPdf(
  db: Db,
  t: Translate,
  lang: Language,
  auth: SessionAuth,
  tenant: Tenant,
  studentId: unknown,
  month: string,
) {
  requirePrepaid(tenant);
  const { students, student } = await selectedStudent(db, auth, studentId);
  const siblings = students.filter((s) => s.guardianId === student.guardianId).map((s) => s.id);
  const statement = await walletStatement(db, auth.tenantId, { guardianId: student.guardianId, studentIds: siblings }, month);
  return renderWalletStatementPdf(t, lang, tenant, statement);
}
