import { actorOf } from '../../audit.ts';
import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { italianMonth, romeDateOf } from '../../domain/dates.ts';
import { expiringNoticeDueOn } from '../../domain/notice-expiry.ts';
import type { PaymentNotice, Prisma, Tenant } from '../../generated/prisma/client.ts';
import { issueNotice } from '../../pagopa/notices.ts';
import { NotFoundError } from '../../web/errors.ts';
import { formError, type FormErrors } from '../../web/forms.ts';
import type { Translate } from '../../web/i18n.ts';
import { familyInvoiceWhere, familyStudents, invoiceOfStudentWhere } from '../family/scope.ts';
import type { PaymentDeps } from './service.ts';

/**
 * Invoices a parent may pay spontaneously: unpaid, with a period, and without a notice already open. A family on
 * direct debit pays here exactly what the bank returned (insoluto), never a debit still at the bank or collected.
 */
function spontaneousWhere(auth: SessionAuth): Prisma.InvoiceWhereInput {
  return {
    ...familyInvoiceWhere(auth),
    state: { in: ['ISSUED', 'PARTIALLY_PAID'] },
    kind: { not: 'CREDIT_NOTE' },
    period: { not: null },
    noticeItems: { none: { notice: { state: { in: ['DRAFT', 'VALID'] } } } },
    OR: [{ directDebit: 'RETURNED' }, { directDebit: 'NONE', guardian: { paymentMethod: 'PAGOPA' } }],
  };
}

/** In memory what invoiceOfStudentWhere asks the database: the invoice names the child, or one of its lines does. */
const isAbout = (invoice: { studentId: string | null; lines: { studentId: string | null }[] }, studentId: string) =>
  invoice.studentId === studentId || invoice.lines.some((line) => line.studentId === studentId);

/** Children, schools and, per child, the unpaid periods (with amounts) the form offers. */
export async function spontaneousChoices(prisma: Db, auth: SessionAuth) {
  const students = await familyStudents(prisma, auth);
  const invoices = await prisma.invoice.findMany({
    where: spontaneousWhere(auth),
    include: { lines: { select: { studentId: true } } },
    orderBy: [{ period: 'asc' }, { number: 'asc' }],
  });
  const periods = students.map((student) => ({
    studentId: student.id,
    studentName: `${student.firstName} ${student.lastName}`,
    items: invoices
      // a family invoice is offered under each of its children: paying it pays all its lines
      .filter((invoice) => isAbout(invoice, student.id))
      .map((invoice) => ({
        period: invoice.period!,
        dueCents: invoice.totalCents - invoice.paidCents,
        number: invoice.number,
      })),
  }));
  const schools = new Map(students.map((s) => [s.school.id, s.school.name]));
  return { students, schools: [...schools].map(([id, name]) => ({ id, name })), periods };
}

/** The page's language for the form errors: its `t` and month names (res.locals gives both). */
export interface PageText {
  t: Translate;
  monthLabel: (month: string) => string;
}

/**
 * Pagamento spontaneo after a failed direct debit: the amount is what the chosen periods' invoices still
 * owe, so the parent never types it; one notice pays them all.
 */
export async function createSpontaneousNotice(
  deps: PaymentDeps,
  tenant: Tenant,
  auth: SessionAuth,
  input: { alunno: string; periodi: string[]; scuola: string },
  { t, monthLabel }: PageText,
): Promise<{ ok: true; notice: PaymentNotice } | { ok: false; errors: FormErrors }> {
  const students = await familyStudents(deps.prisma, auth);
  const student = students.find((s) => s.id === input.alunno);
  if (!student) throw new NotFoundError();
  if (student.schoolId !== input.scuola)
    return { ok: false, errors: formError('scuola', t('payments.refusals.notAtSchool', { name: student.firstName })) };
  const invoices = await deps.prisma.invoice.findMany({
    where: { AND: [spontaneousWhere(auth), invoiceOfStudentWhere(student.id)], period: { in: input.periodi } },
    include: { guardian: true },
    orderBy: { period: 'asc' },
  });
  const found = new Set(invoices.map((invoice) => invoice.period));
  const missing = input.periodi.filter((period) => !found.has(period));
  if (missing.length) {
    return {
      ok: false,
      errors: formError('periodi', t('payments.refusals.nothingToPay', { months: missing.map(monthLabel).join(', ') })),
    };
  }
  const items = invoices.map((invoice) => ({ invoiceId: invoice.id, amountCents: invoice.totalCents - invoice.paidCents }));
  const guardian = invoices[0].guardian;
  const notice = await issueNotice(
    deps,
    tenant,
    {
      purpose: 'SPONTANEOUS',
      amountCents: items.reduce((sum, item) => sum + item.amountCents, 0),
      subject: `Retta ${student.school.name} - ${student.firstName} ${student.lastName} - ${input.periodi.map((p) => italianMonth(`${p}-01`)).join(', ')}`,
      dueOn: expiringNoticeDueOn('SPONTANEOUS', romeDateOf(deps.clock.now())),
      debtor: { fiscalCode: guardian.fiscalCode, name: `${guardian.firstName} ${guardian.lastName}`.trim(), email: guardian.email },
      studentId: student.id,
      items,
    },
    actorOf(auth),
  );
  return { ok: true, notice };
}
