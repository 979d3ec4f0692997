import { formatItalianDate, fromDbDate, type IsoDate } from '../../domain/dates.ts';
import { periodLabel } from '../../domain/billing-run.ts';
import { formatEuro } from '../../domain/money.ts';
import type { CertificateRow, ChildStatement } from '../../domain/tax-certificate.ts';
import type { Guardian, Student, Tenant } from '../../generated/prisma/client.ts';
import {
  comuneIssuerLines,
  drawFields,
  drawFooters,
  drawHeader,
  drawHeading,
  drawSection,
  drawTable,
  newPdf,
  pdfBytes,
  residenceLine,
  type Column,
} from '../../pdf/blocks.ts';
import type { Language, Translate } from '../../web/i18n.ts';

export interface CertificateInput {
  tenant: Tenant;
  guardian: Guardian;
  student: Student;
  statement: ChildStatement;
  issuedOn: IsoDate;
}

const k = (key: string) => `taxCertificatePdf.${key}`;

const personName = (p: { firstName: string; lastName: string; isCompany?: boolean }) =>
  p.isCompany ? p.lastName : `${p.firstName} ${p.lastName}`;

/** certificazione-730-2025-rossi-anna.pdf */
export function certificateFileName(year: number, student: Pick<Student, 'firstName' | 'lastName'>): string {
  const slug = `${student.lastName}-${student.firstName}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `certificazione-730-${year}-${slug}.pdf`;
}

function methodText(t: Translate, row: CertificateRow): string {
  if (row.method === 'PAGOPA') return t(k('methods.PAGOPA'), { reference: row.reference ?? '—' });
  if (row.method === 'SDD' && row.reference) return t(k('methods.SDDRef'), { reference: row.reference });
  return t(k(`methods.${row.method}`));
}

function periodText(period: string, lang: Language): string {
  return /^\d{4}-\d{2}$/.test(period) ? periodLabel(period, lang) : period;
}

/**
 * The 730 certificate of one child and year: the Comune's header (as on its invoices), who paid and for whom,
 * every payment of the year with its traceable method, the total, and the office's sign-off.
 */
export function renderTaxCertificatePdf(t: Translate, lang: Language, input: CertificateInput): Promise<Buffer> {
  const { tenant, guardian, student, statement, issuedOn } = input;
  const { year } = statement;
  const studentName = personName(student);
  const title = t(k('title'), { year });
  const doc = newPdf({ title, author: tenant.name, subject: `${title} — ${studentName}` });
  drawHeader(doc, {
    issuer: tenant.name,
    issuerLines: comuneIssuerLines(t, tenant),
    title,
    subtitle: t(k('subtitle'), { year, student: studentName }),
  });
  drawFields(
    doc,
    [
      [t(k('name')), personName(guardian)],
      [t(k('fiscalCode')), guardian.fiscalCode],
      [t(k('address')), residenceLine(guardian)],
    ],
    { heading: t(k('holder')) },
  );
  drawFields(
    doc,
    [
      [t(k('name')), studentName],
      [t(k('fiscalCode')), student.fiscalCode ?? '—'],
      [
        t(k('birth')),
        t(k('birthText'), {
          place: student.birthPlace,
          province: student.birthProvince,
          date: formatItalianDate(fromDbDate(student.birthDate)),
        }),
      ],
    ],
    { heading: t(k('child')) },
  );
  drawHeading(doc, t(k('payments'), { year }));
  const columns: Column[] = [
    { header: t(k('date')), width: 1.4 },
    { header: t(k('document')), width: 2 },
    { header: t(k('period')), width: 2.6 },
    { header: t(k('method')), width: 3.2 },
    { header: t(k('amount')), width: 1.5, align: 'right' },
  ];
  drawTable(
    doc,
    columns,
    statement.rows.map((row) => [
      formatItalianDate(row.paidOn),
      row.documentNumber ? t(k('documentNumber'), { number: row.documentNumber }) : t(k('topUp')),
      periodText(row.period, lang),
      methodText(t, row),
      formatEuro(row.amountCents),
    ]),
    ['', '', '', t(k('total'), { year }), formatEuro(statement.totalCents)],
  );
  drawSection(doc, t(k('declarationTitle')), [
    t(k('declaration'), {
      holder: personName(guardian),
      holderCode: guardian.fiscalCode,
      comune: tenant.name,
      year,
      student: studentName,
      studentCode: student.fiscalCode ? t(k('studentCode'), { code: student.fiscalCode }) : '',
      total: formatEuro(statement.totalCents),
    }),
    t(k('rules')),
    t(k('traceability')),
  ]);
  drawSection(doc, t(k('issuedAt'), { date: formatItalianDate(issuedOn) }), [
    t(k('signature'), { office: tenant.officeName }),
    `${tenant.name} — C.F. ${tenant.fiscalCode} — ${tenant.officeAddress}`,
    t(k('signatureNote')),
  ]);
  drawFooters(doc, t, t(k('footer'), { comune: tenant.name, year, student: studentName }));
  return pdfBytes(doc);
}
