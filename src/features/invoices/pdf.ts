import { formatItalianDate, formatItalianDateTime, fromDbDate } from '../../domain/dates.ts';
import { formatEuro } from '../../domain/money.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import type { Pdf } from '../../pdf/document.ts';
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
import type { Translate } from '../../web/i18n.ts';
import type { InvoiceDetail } from './service.ts';

const day = (value: Date) => formatItalianDate(fromDbDate(value));

type Child = InvoiceDetail['children'][number];
type Line = InvoiceDetail['lines'][number];

const lineColumns = (t: Translate): Column[] => [
  { header: t('pdf.invoice.description'), width: 6 },
  { header: t('pdf.invoice.quantity'), width: 1.3, align: 'right' },
  { header: t('pdf.invoice.unitPrice'), width: 1.7, align: 'right' },
  { header: t('pdf.invoice.amount'), width: 1.7, align: 'right' },
];
const lineRow = (l: Line) => [l.description, String(l.quantity), formatEuro(l.unitCents), formatEuro(l.amountCents)];

/** One child's block: who and where, their lines with their total, then the days charged and cancelled. */
function drawChild(doc: Pdf, t: Translate, child: Child): void {
  const s = child.student;
  const name = `${s.firstName} ${s.lastName}`;
  drawFields(
    doc,
    [
      [t('pdf.invoice.student'), s.fiscalCode ? t('pdf.invoice.studentWithCode', { name, fiscalCode: s.fiscalCode }) : name],
      [t('pdf.invoice.schoolClass'), `${s.school.name}${s.schoolClass ? `, ${s.schoolClass.name}` : ''}`],
      [t('pdf.invoice.badge'), s.badgeNumber],
    ],
    { heading: name },
  );
  if (child.lines.length) {
    drawTable(doc, lineColumns(t), child.lines.map(lineRow), [
      t('pdf.invoice.childTotal', { name }),
      '',
      '',
      formatEuro(child.subtotalCents),
    ]);
  }
  const { days, lists } = child;
  const paragraphs = [
    days.charged.length ? t('pdf.invoice.daysCharged', { n: days.charged.length, days: lists.charged }) : null,
    days.bland.length ? t('pdf.invoice.daysBland', { n: days.bland.length, days: lists.bland }) : null,
    days.cancelled.length ? t('pdf.invoice.daysCancelled', { n: days.cancelled.length, days: lists.cancelled }) : null,
  ].filter((p): p is string => p !== null);
  if (paragraphs.length) drawSection(doc, t('pdf.invoice.days'), paragraphs);
}

function howToPay(t: Translate, tenant: Tenant, invoice: InvoiceDetail): string[] {
  if (invoice.isCreditNote) return [t('pdf.invoice.creditNoteNothingToPay')];
  if (invoice.state === 'PAID') return [t('pdf.invoice.paidInFull')];
  if (invoice.state === 'CANCELLED') return [t('pdf.invoice.cancelled')];
  const notice = invoice.notices.find((n) => n.state === 'VALID');
  const lines = [t('pdf.invoice.payOnline', { tenant: tenant.name }), t('pdf.invoice.payInPerson')];
  if (notice) lines.push(t('pdf.invoice.noticeCodes', { noticeNumber: notice.noticeNumber, fiscalCode: tenant.fiscalCode }));
  if (invoice.guardian.paymentMethod === 'SDD') lines.push(t('pdf.invoice.sdd'));
  if (invoice.sentToCollectionOn) lines.push(t('pdf.invoice.sentToCollection', { date: day(invoice.sentToCollectionOn) }));
  return lines;
}

/**
 * The invoice (or credit note) as a PDF: Comune header, recipient, number and date, per child the lines and the days
 * charged and cancelled, total, due date, how to pay.
 */
export function renderInvoicePdf(t: Translate, tenant: Tenant, invoice: InvoiceDetail): Promise<Buffer> {
  const title = t(invoice.isCreditNote ? 'pdf.invoice.creditNoteTitle' : 'pdf.invoice.title', { number: invoice.number });
  const doc = newPdf({ title, author: tenant.name, subject: invoice.description });
  drawHeader(doc, {
    issuer: tenant.name,
    issuerLines: comuneIssuerLines(t, tenant),
    title,
    subtitle: t('pdf.invoice.subtitle', { date: day(invoice.issuedOn), description: invoice.description }),
  });
  const g = invoice.guardian;
  drawFields(
    doc,
    [
      [t('pdf.invoice.name'), g.isCompany ? g.lastName : `${g.firstName} ${g.lastName}`],
      [t('pdf.invoice.fiscalCode'), g.fiscalCode],
      [t('pdf.invoice.address'), residenceLine(g)],
    ],
    { heading: t('pdf.invoice.holder') },
  );
  drawFields(
    doc,
    [
      [t('pdf.invoice.number'), invoice.number],
      [t('pdf.invoice.issuedOn'), day(invoice.issuedOn)],
      [t('pdf.invoice.service'), invoice.service?.name ?? '—'],
      ...(invoice.isCreditNote ? [] : [[t('pdf.invoice.dueOn'), day(invoice.dueOn)] as [string, string]]),
      [t('pdf.invoice.state'), invoice.isCreditNote ? t('pdf.invoice.creditNote') : t(`pdf.invoice.states.${invoice.state}`)],
    ],
    { heading: t('pdf.invoice.document') },
  );
  if (invoice.isCreditNote && invoice.creditedInvoice) {
    const credited = invoice.creditedInvoice;
    drawSection(doc, t('pdf.invoice.creditNote'), [
      t('pdf.invoice.creditNoteOf', { number: credited.number, date: day(credited.issuedOn) }),
    ]);
  }
  for (const child of invoice.children) drawChild(doc, t, child);
  if (invoice.familyLines.length) {
    drawHeading(doc, t('pdf.invoice.familyLines'));
    drawTable(doc, lineColumns(t), invoice.familyLines.map(lineRow));
  }
  const owed: [string, string][] = invoice.isCreditNote
    ? []
    : [
        [t('pdf.invoice.alreadyPaid'), formatEuro(invoice.paidCents)],
        [t('pdf.invoice.toPay'), formatEuro(invoice.dueCents)],
        [t('pdf.invoice.toPayBy'), day(invoice.dueOn)],
      ];
  drawFields(
    doc,
    [
      [t('pdf.invoice.documentTotal'), formatEuro(invoice.totalCents)],
      ...owed,
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
