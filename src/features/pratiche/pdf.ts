import { formatItalianDateTime } from '../../domain/dates.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { drawFields, drawFooters, drawHeader, newPdf, pdfBytes } from '../../pdf/blocks.ts';
import type { Translate } from '../../web/i18n.ts';
import type { SummarySection } from './summary.ts';

/** The receipt of a submitted pratica: the Comune, the protocol number and date, then what the family declared. */
export async function renderPraticaPdf(
  t: Translate,
  tenant: Tenant,
  pratica: { type: string; protocolNumber: string; submittedAt: Date; applicant: string; state: string },
  sections: SummarySection[],
): Promise<Buffer> {
  const title = t(`pratiche.types.${pratica.type}.title`);
  const doc = newPdf({ title, author: tenant.name });
  drawHeader(doc, {
    issuer: tenant.name,
    issuerLines: [`${tenant.officeName} — ${tenant.officeAddress}`, `${tenant.officePhone} — ${tenant.officeEmail}`],
    title,
    subtitle: t('pratiche.pdf.subtitle', { number: pratica.protocolNumber, date: formatItalianDateTime(pratica.submittedAt) }),
  });
  drawFields(doc, [
    [t('pratiche.pdf.applicant'), pratica.applicant],
    [t('pratiche.pdf.state'), t(`pratiche.states.${pratica.state}`)],
  ]);
  for (const section of sections) {
    if (section.rows.length)
      drawFields(
        doc,
        section.rows.map((row): [string, string] => [row.label, row.value]),
        { heading: section.title },
      );
  }
  drawFooters(doc, t, t('pratiche.pdf.footer', { number: pratica.protocolNumber }));
  return pdfBytes(doc);
}
