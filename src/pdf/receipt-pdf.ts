import { formatItalianDateTime } from '../domain/dates.ts';
import { formatEuro } from '../domain/money.ts';
import { formatNoticeNumber } from '../domain/notice-number.ts';
import type { Translate } from '../web/i18n.ts';
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

/** What a desk receipt says differently (pdf.deskReceipt.*): how it was paid and by whose hands, not a PSP. */
const DESK_TEXTS = new Set(['subtitle', 'psp', 'fee', 'footnote']);

/**
 * "Ricevuta di pagamento" for a notice paid through pagoPA (who paid, when, how much, through which PSP) or, as
 * `channel` 'desk', at the Comune's desk (the method and the cashier in place of the PSP).
 */
export function buildReceiptPdf(
  t: Translate,
  { creditor, notice, receipt }: ReceiptPdfData,
  channel: 'pagoPA' | 'desk' = 'pagoPA',
): Promise<Buffer> {
  const text = (key: string) => t(channel === 'desk' && DESK_TEXTS.has(key) ? `pdf.deskReceipt.${key}` : `pdf.receipt.${key}`);
  return renderPdf({ title: t('pdf.receipt.docTitle', { iuv: notice.iuv }), author: creditor.name }, (doc) => {
    doc.rect(0, 0, A4.width, 8).fill(COLORS.primary);
    doc.font('Helvetica-Bold').fontSize(18).fillColor(COLORS.text).text(t('pdf.receipt.title'), MARGIN, MARGIN);
    doc.font('Helvetica').fontSize(10).fillColor(COLORS.muted).text(text('subtitle'), { width: WIDTH });
    const half = WIDTH / 2 - 8;
    const right = MARGIN + WIDTH / 2 + 8;

    let y = sectionTitle(doc, t('pdf.receipt.creditor'), MARGIN, 100, WIDTH);
    labelled(doc, t('pdf.receipt.creditorFiscalCode'), creditor.fiscalCode, right, y, half);
    y = labelled(doc, t('pdf.receipt.creditorName'), creditor.name, MARGIN, y, half);
    y = labelled(doc, t('pdf.receipt.office'), creditor.sector, MARGIN, y, WIDTH);

    y = sectionTitle(doc, t('pdf.receipt.payment'), MARGIN, y + 8, WIDTH);
    const top = y;
    let left = labelled(doc, t('pdf.receipt.subject'), notice.subject, MARGIN, top, half);
    left = labelled(doc, t('pdf.receipt.noticeNumber'), formatNoticeNumber(notice.noticeNumber), MARGIN, left, half);
    left = labelled(doc, t('pdf.receipt.iuv'), notice.iuv, MARGIN, left, half);
    left = labelled(doc, t('pdf.receipt.receiptId'), receipt.receiptId, MARGIN, left, half);
    let r = labelled(doc, t('pdf.receipt.amountPaid'), formatEuro(receipt.amountCents), right, top, half, 14);
    r = labelled(doc, text('fee'), receipt.feeCents == null ? '—' : formatEuro(receipt.feeCents), right, r, half);
    r = labelled(doc, t('pdf.receipt.paidAt'), formatItalianDateTime(receipt.paidAt), right, r, half);
    r = labelled(doc, text('psp'), [receipt.pspName, receipt.pspId].filter(Boolean).join(' — ') || '—', right, r, half);

    y = sectionTitle(doc, t('pdf.receipt.parties'), MARGIN, Math.max(left, r) + 8, WIDTH);
    labelled(doc, t('pdf.receipt.debtor'), `${notice.debtorName} (${notice.debtorFiscalCode})`, MARGIN, y, half);
    const payer = receipt.payerName ? `${receipt.payerName}${receipt.payerFiscalCode ? ` (${receipt.payerFiscalCode})` : ''}` : '—';
    y = labelled(doc, t('pdf.receipt.payer'), payer, right, y, half);

    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(COLORS.muted)
      .text(text('footnote'), MARGIN, y + 24, {
        width: WIDTH,
      });
  });
}
