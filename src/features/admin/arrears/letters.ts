// The reminder letters (solleciti) of a batch as one PDF: per family a letter on the Comune's letterhead with its
// overdue documents, then the avviso pagoPA (with its QR code) of each unpaid notice, drawn by the avviso's own code.
import { formatItalianDate, fromDbDate } from '../../../domain/dates.ts';
import { formatEuro } from '../../../domain/money.ts';
import type { Guardian, PaymentNotice, Tenant } from '../../../generated/prisma/client.ts';
import { drawFields, drawHeader, drawSection, drawTable, newPdf, pdfBytes } from '../../../pdf/blocks.ts';
import { MARGIN } from '../../../pdf/document.ts';
import { drawNotice } from '../../../pdf/notice-pdf.ts';
import type { Translate } from '../../../web/i18n.ts';
import { noticePdfData, postalAddress } from '../../payments/documents.ts';
import type { OverdueInvoice } from './queries.ts';

export interface ReminderLetter {
  guardian: Guardian;
  invoices: OverdueInvoice[];
  notices: PaymentNotice[];
}

export async function buildReminderLetters(
  t: Translate,
  tenant: Tenant,
  letters: readonly ReminderLetter[],
  today: string,
): Promise<Buffer> {
  const l = (key: string, options?: Record<string, unknown>) => t(`adminArrears.letter.${key}`, options);
  const doc = newPdf({ title: l('docTitle', { date: formatItalianDate(today) }), author: tenant.name });
  letters.forEach((letter, index) => {
    if (index > 0) doc.addPage();
    const { guardian, invoices, notices } = letter;
    const address = postalAddress(guardian);
    drawHeader(doc, {
      issuer: tenant.name,
      issuerLines: [tenant.officeName, tenant.officeAddress, `${tenant.officeEmail} · ${tenant.officePhone}`],
      title: l('title'),
      subtitle: l('dated', { date: formatItalianDate(today) }),
    });
    drawFields(doc, [
      [l('recipient'), `${guardian.firstName} ${guardian.lastName}`],
      [l('fiscalCode'), guardian.fiscalCode],
      ...(address ? [[l('address'), address] as [string, string]] : []),
    ]);
    drawSection(doc, l('subject'), [l('body')]);
    drawTable(
      doc,
      [
        { header: l('cols.number'), width: 2 },
        { header: l('cols.issuedOn'), width: 2 },
        { header: l('cols.description'), width: 5 },
        { header: l('cols.dueOn'), width: 2 },
        { header: l('cols.due'), width: 2, align: 'right' },
      ],
      invoices.map((invoice) => [
        invoice.number,
        formatItalianDate(fromDbDate(invoice.issuedOn)),
        invoice.description,
        formatItalianDate(fromDbDate(invoice.dueOn)),
        formatEuro(invoice.dueCents),
      ]),
      ['', '', l('total'), '', formatEuro(invoices.reduce((sum, invoice) => sum + invoice.dueCents, 0))],
    );
    drawSection(doc, l('howTitle'), [
      notices.length ? l('howNotices') : l('howPortal'),
      l('alreadyPaid'),
      l('contact', { hours: tenant.officeHours }),
    ]);
    for (const notice of notices) {
      // the avviso is laid out for the single-page document's margins
      doc.addPage({ margin: MARGIN });
      drawNotice(doc, t, noticePdfData(tenant, notice, address));
    }
  });
  return pdfBytes(doc);
}
