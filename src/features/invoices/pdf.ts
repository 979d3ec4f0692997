import { formatItalianDate, formatItalianDateTime, fromDbDate } from '../../domain/dates.ts';
import { formatEuro } from '../../domain/money.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { drawFields, drawFooters, drawHeader, drawSection, drawTable, newPdf, pdfBytes } from '../../pdf/blocks.ts';
import type { Translate } from '../../web/i18n.ts';
import type { InvoiceDetail } from './service.ts';

const day = (value: Date) => formatItalianDate(fromDbDate(value));

function howToPay(t: Translate, tenant: Tenant, invoice: InvoiceDetail): string[] {
  if (invoice.state === 'PAID') return [t('pdf.invoice.paidInFull')];
  if (invoice.state === 'CANCELLED') return [t('pdf.invoice.cancelled')];
  const notice = invoice.notices.find((n) => n.state === 'VALID');
  const lines = [t('pdf.invoice.payOnline', { tenant: tenant.name }), t('pdf.invoice.payInPerson')];
  if (notice) lines.push(t('pdf.invoice.noticeCodes', { noticeNumber: notice.noticeNumber, fiscalCode: tenant.fiscalCode }));
  if (invoice.guardian.paymentMethod === 'SDD') lines.push(t('pdf.invoice.sdd'));
  if (invoice.sentToCollectionOn) lines.push(t('pdf.invoice.sentToCollection', { date: day(invoice.sentToCollectionOn) }));
  return lines;
}

/** The invoice as a PDF: Comune header, recipient, number and date, lines, total, due date, how to pay. */
export function renderInvoicePdf(t: Translate, tenant: Tenant, invoice: InvoiceDetail): Promise<Buffer> {
  const title = t('pdf.invoice.title', { number: invoice.number });
  const doc = newPdf({ title, author: tenant.name, subject: invoice.description });
  drawHeader(doc, {
    issuer: tenant.name,
    issuerLines: [
      `${tenant.officeName} — ${tenant.officeAddress}`,
      t('pdf.invoice.contacts', { phone: tenant.officePhone, email: tenant.officeEmail, fiscalCode: tenant.fiscalCode }),
    ],
    title,
    subtitle: t('pdf.invoice.subtitle', { date: day(invoice.issuedOn), description: invoice.description }),
  });
  const g = invoice.guardian;
  const address = [
    g.residenceStreet,
    [g.residenceZip, g.residenceCity, g.residenceProv ? `(${g.residenceProv})` : null].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  drawFields(
    doc,
    [
      [t('pdf.invoice.name'), g.isCompany ? g.lastName : `${g.firstName} ${g.lastName}`],
      [t('pdf.invoice.fiscalCode'), g.fiscalCode],
      [t('pdf.invoice.address'), address || '—'],
    ],
    { heading: t('pdf.invoice.holder') },
  );
  const s = invoice.student;
  if (s) {
    const student = `${s.firstName} ${s.lastName}`;
    drawFields(
      doc,
      [
        [t('pdf.invoice.student'), s.fiscalCode ? t('pdf.invoice.studentWithCode', { name: student, fiscalCode: s.fiscalCode }) : student],
        [t('pdf.invoice.schoolClass'), `${s.school.name}${s.schoolClass ? `, ${s.schoolClass.name}` : ''}`],
        [t('pdf.invoice.badge'), s.badgeNumber],
      ],
      { heading: t('pdf.invoice.serviceUser') },
    );
  }
  drawFields(
    doc,
    [
      [t('pdf.invoice.number'), invoice.number],
      [t('pdf.invoice.issuedOn'), day(invoice.issuedOn)],
      [t('pdf.invoice.service'), invoice.service?.name ?? '—'],
      [t('pdf.invoice.dueOn'), day(invoice.dueOn)],
      [t('pdf.invoice.state'), t(`pdf.invoice.states.${invoice.state}`)],
    ],
    { heading: t('pdf.invoice.document') },
  );
  drawTable(
    doc,
    [
      { header: t('pdf.invoice.description'), width: 6 },
      { header: t('pdf.invoice.quantity'), width: 1.3, align: 'right' },
      { header: t('pdf.invoice.unitPrice'), width: 1.7, align: 'right' },
      { header: t('pdf.invoice.amount'), width: 1.7, align: 'right' },
    ],
    invoice.lines.map((l) => [l.description, String(l.quantity), formatEuro(l.unitCents), formatEuro(l.amountCents)]),
    [t('pdf.invoice.documentTotal'), '', '', formatEuro(invoice.totalCents)],
  );
  drawFields(
    doc,
    [
      [t('pdf.invoice.total'), formatEuro(invoice.totalCents)],
      [t('pdf.invoice.alreadyPaid'), formatEuro(invoice.paidCents)],
      [t('pdf.invoice.toPay'), formatEuro(invoice.dueCents)],
      [t('pdf.invoice.toPayBy'), day(invoice.dueOn)],
      ...invoice.payments.map((p): [string, string] => [
        t('pdf.invoice.payment'),
        t('pdf.invoice.paymentLine', {
          amount: formatEuro(p.amountCents),
          paidAt: formatItalianDateTime(p.paidAt),
          noticeNumber: p.noticeNumber,
        }),
      ]),
    ],
    { heading: t('pdf.invoice.summary') },
  );
  drawSection(doc, t('pdf.invoice.howToPay'), howToPay(t, tenant, invoice));
  drawFooters(doc, t, `${tenant.name} — ${title}`);
  return pdfBytes(doc);
}
