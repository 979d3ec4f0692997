import { formatItalianDateTime } from '../domain/dates.ts';
import { formatEuro } from '../domain/money.ts';
import { formatNoticeNumber } from '../domain/notice-number.ts';
import { A4, COLORS, MARGIN, labelled, renderPdf, sectionTitle } from './document.ts';

export interface ReceiptPdfData {
  creditor: { name: string; fiscalCode: string; sector: string };
  notice: { noticeNumber: string; iuv: string; subject: string; amountCents: number; debtorName: string; debtorFiscalCode: string };
  receipt: {
    receiptId: string;
    paidAt: Date;
    amountCents: number;
    feeCents: number | null;
    pspName: string | null;
    pspId: string | null;
    payerName: string | null;
    payerFiscalCode: string | null;
  };
}

const WIDTH = A4.width - 2 * MARGIN;

/** "Ricevuta di pagamento" for a notice paid through pagoPA: who paid, when, how much, through which PSP. */
export function buildReceiptPdf({ creditor, notice, receipt }: ReceiptPdfData): Promise<Buffer> {
  return renderPdf({ title: `Ricevuta di pagamento ${notice.iuv}`, author: creditor.name }, (doc) => {
    doc.rect(0, 0, A4.width, 8).fill(COLORS.primary);
    doc.font('Helvetica-Bold').fontSize(18).fillColor(COLORS.text).text('RICEVUTA DI PAGAMENTO', MARGIN, MARGIN);
    doc.font('Helvetica').fontSize(10).fillColor(COLORS.muted).text('Pagamento eseguito tramite il sistema pagoPA', { width: WIDTH });
    const half = WIDTH / 2 - 8;
    const right = MARGIN + WIDTH / 2 + 8;

    let y = sectionTitle(doc, 'ENTE CREDITORE', MARGIN, 100, WIDTH);
    labelled(doc, 'Codice fiscale ente', creditor.fiscalCode, right, y, half);
    y = labelled(doc, 'Ente', creditor.name, MARGIN, y, half);
    y = labelled(doc, 'Ufficio', creditor.sector, MARGIN, y, WIDTH);

    y = sectionTitle(doc, 'PAGAMENTO', MARGIN, y + 8, WIDTH);
    const top = y;
    let left = labelled(doc, 'Oggetto', notice.subject, MARGIN, top, half);
    left = labelled(doc, 'Codice avviso', formatNoticeNumber(notice.noticeNumber), MARGIN, left, half);
    left = labelled(doc, 'IUV', notice.iuv, MARGIN, left, half);
    left = labelled(doc, 'Identificativo ricevuta', receipt.receiptId, MARGIN, left, half);
    let r = labelled(doc, 'Importo pagato', formatEuro(receipt.amountCents), right, top, half, 14);
    r = labelled(doc, 'Commissione applicata dal PSP', receipt.feeCents == null ? '—' : formatEuro(receipt.feeCents), right, r, half);
    r = labelled(doc, 'Data e ora del pagamento', formatItalianDateTime(receipt.paidAt), right, r, half);
    r = labelled(doc, 'Prestatore di servizi (PSP)', [receipt.pspName, receipt.pspId].filter(Boolean).join(' — ') || '—', right, r, half);

    y = sectionTitle(doc, 'SOGGETTI', MARGIN, Math.max(left, r) + 8, WIDTH);
    labelled(doc, 'Debitore', `${notice.debtorName} (${notice.debtorFiscalCode})`, MARGIN, y, half);
    const payer = receipt.payerName ? `${receipt.payerName}${receipt.payerFiscalCode ? ` (${receipt.payerFiscalCode})` : ''}` : '—';
    y = labelled(doc, 'Pagato da', payer, right, y, half);

    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(COLORS.muted)
      .text("La presente ricevuta riporta i dati della ricevuta telematica (RT) trasmessa da pagoPA all'ente creditore.", MARGIN, y + 24, {
        width: WIDTH,
      });
  });
}
