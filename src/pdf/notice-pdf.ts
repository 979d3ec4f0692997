import bwipjs from 'bwip-js';
import QRCode from 'qrcode';
import { formatItalianDate, type IsoDate } from '../domain/dates.ts';
import { formatEuro } from '../domain/money.ts';
import { formatNoticeNumber, noticeQrPayload } from '../domain/notice-number.ts';
import { posteDataMatrixPayload } from '../domain/poste-datamatrix.ts';
import type { Translate } from '../web/i18n.ts';
import { A4, COLORS, MARGIN, MM, labelled, renderPdf, sectionTitle, type Pdf } from './document.ts';

export interface NoticePdfData {
  creditor: {
    name: string;
    sector: string;
    fiscalCode: string;
    cbillCode: string | null;
    postalAccount: string | null;
    info: string;
  };
  debtor: { fiscalCode: string; name: string; address: string | null };
  notice: { noticeNumber: string; amountCents: number; dueOn: IsoDate | null; subject: string };
}

const QR_SIZE = 25 * MM;
const DATA_MATRIX_SIZE = 22 * MM;
const CONTENT_WIDTH = A4.width - 2 * MARGIN;

interface Modules {
  size: number;
  dark: (row: number, column: number) => boolean;
}

/** The Data Matrix as a grid of modules, drawn as vector squares: sharp in print and cheaper than a PNG. */
function dataMatrixModules(text: string): Modules {
  const [symbol] = bwipjs.raw({ bcid: 'datamatrix', text }) as { pixs: number[]; pixx: number; pixy: number }[];
  return { size: symbol.pixx, dark: (row, column) => symbol.pixs[row * symbol.pixx + column] === 1 };
}

/**
 * The QR code's modules, drawn like the Data Matrix. A PNG cost most of the avviso's CPU: qrcode drew and
 * deflated it, then pdfkit inflated it again to embed it (bench/README.md, "Profiling").
 */
function qrModules(text: string): Modules {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, column) => modules.get(row, column) === 1 };
}

/** A quiet zone of `margin` modules is left blank around the symbol, inside `size`. */
function drawModules(doc: Pdf, modules: Modules, x: number, y: number, size: number, margin = 0): void {
  const cell = size / (modules.size + 2 * margin);
  const left = x + margin * cell;
  const top = y + margin * cell;
  // one rectangle per run of dark modules in a row: fewer path operators, a smaller page
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.dark(row, column)) continue;
      let end = column + 1;
      while (end < modules.size && modules.dark(row, end)) end++;
      doc.rect(left + column * cell, top + row * cell, (end - column) * cell, cell);
      column = end;
    }
  }
  doc.fill('#000000');
}

export function dueText(t: Translate, dueOn: IsoDate | null): string {
  return dueOn ? formatItalianDate(dueOn) : t('pdf.notice.noDueDate');
}

/**
 * The printable avviso pagoPA (A4): header, amount and due date, where to pay, and the banks/PSP part with its QR.
 * Its texts (pdf.notice in locales/it/pdf.json) follow pagoPA's notice guide word for word.
 */
export function buildNoticePdf(t: Translate, data: NoticePdfData): Promise<Buffer> {
  return renderPdf({ title: t('pdf.notice.docTitle', { number: data.notice.noticeNumber }), author: data.creditor.name }, (doc) =>
    drawNotice(doc, t, data),
  );
}

/** Draws one avviso from the top of the current page (one page; two with the Poste part when it does not fit). */
export function drawNotice(doc: Pdf, t: Translate, data: NoticePdfData): void {
  const { creditor, debtor, notice } = data;
  const qr = qrModules(noticeQrPayload(notice.noticeNumber, creditor.fiscalCode, notice.amountCents));
  let y = amountBox(doc, t, data, header(doc, t, data) + 12);
  y = whereToPay(doc, t, y + 10);
  y = bankPart(doc, t, data, qr, y + 14);
  if (!creditor.postalAccount) return;
  const dataMatrix = dataMatrixModules(
    posteDataMatrixPayload({
      noticeNumber: notice.noticeNumber,
      postalAccount: creditor.postalAccount,
      amountCents: notice.amountCents,
      creditorFiscalCode: creditor.fiscalCode,
      debtorFiscalCode: debtor.fiscalCode,
      debtorName: debtor.name,
      subject: notice.subject,
    }),
  );
  postalPart(doc, t, data, creditor.postalAccount, dataMatrix, y + 14);
}

/** Title, creditor and recipient; returns the y below the taller of the two blocks. */
function header(doc: Pdf, t: Translate, { creditor, debtor, notice }: NoticePdfData): number {
  doc.rect(0, 0, A4.width, 8).fill(COLORS.primary);
  doc.font('Helvetica-Bold').fontSize(18).fillColor(COLORS.text).text(t('pdf.notice.title'), MARGIN, MARGIN);
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(notice.subject, MARGIN, doc.y + 4, { width: CONTENT_WIDTH * 0.7 });
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .fillColor(COLORS.primary)
    .text(t('pdf.notice.brand'), MARGIN, MARGIN, { width: CONTENT_WIDTH, align: 'right' });
  const top = 110;
  const half = CONTENT_WIDTH / 2 - 8;
  let left = sectionTitle(doc, t('pdf.notice.creditor'), MARGIN, top, half);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(COLORS.text).text(creditor.name, MARGIN, left, { width: half });
  doc.font('Helvetica').fontSize(9).text(creditor.sector, { width: half });
  doc.text(t('pdf.notice.fiscalCode', { code: creditor.fiscalCode }), { width: half });
  doc.fillColor(COLORS.muted).text(creditor.info, { width: half });
  left = doc.y;
  const right = MARGIN + CONTENT_WIDTH / 2 + 8;
  const y = sectionTitle(doc, t('pdf.notice.debtor'), right, top, half);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(COLORS.text).text(debtor.name, right, y, { width: half });
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(t('pdf.notice.fiscalCode', { code: debtor.fiscalCode }), { width: half });
  if (debtor.address) doc.text(debtor.address, { width: half });
  return Math.max(left, doc.y);
}

function amountBox(doc: Pdf, t: Translate, { notice }: NoticePdfData, top: number): number {
  const y = sectionTitle(doc, t('pdf.notice.amountTitle'), MARGIN, top, CONTENT_WIDTH);
  doc.font('Helvetica-Bold').fontSize(16).fillColor(COLORS.text).text(formatEuro(notice.amountCents), MARGIN, y, { continued: true });
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(notice.dueOn ? `   ${t('pdf.notice.dueBy', { date: dueText(t, notice.dueOn) })}` : `   ${dueText(t, null)}`);
  doc
    .font('Helvetica')
    .fontSize(8.5)
    .fillColor(COLORS.muted)
    .text(t('pdf.notice.singleInstalment'), MARGIN, doc.y + 4, { width: CONTENT_WIDTH });
  return doc.y;
}

function whereToPay(doc: Pdf, t: Translate, top: number): number {
  const y = sectionTitle(doc, t('pdf.notice.whereTitle'), MARGIN, top, CONTENT_WIDTH);
  const half = CONTENT_WIDTH / 2 - 8;
  doc.font('Helvetica').fontSize(9).fillColor(COLORS.text).text(t('pdf.notice.whereOnline'), MARGIN, y, { width: half });
  const leftBottom = doc.y;
  doc.text(t('pdf.notice.whereInPerson'), MARGIN + CONTENT_WIDTH / 2 + 8, y, { width: half });
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(COLORS.muted)
    .text(t('pdf.notice.whereHint'), MARGIN, Math.max(leftBottom, doc.y) + 4, { width: CONTENT_WIDTH });
  return doc.y;
}

function bankPart(doc: Pdf, t: Translate, { creditor, debtor, notice }: NoticePdfData, qr: Modules, top: number): number {
  doc.rect(MARGIN - 4, top - 4, CONTENT_WIDTH + 8, 4).fill(COLORS.rule);
  let y = sectionTitle(doc, t('pdf.notice.bankTitle'), MARGIN, top + 6, CONTENT_WIDTH);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(COLORS.muted)
    .text(t('pdf.notice.bankHint'), MARGIN, y, { width: CONTENT_WIDTH - QR_SIZE - 20 });
  drawModules(doc, qr, MARGIN + CONTENT_WIDTH - QR_SIZE, y, QR_SIZE, 1);
  y = doc.y + 6;
  const column = (CONTENT_WIDTH - QR_SIZE - 20) / 2;
  let left = labelled(doc, t('pdf.notice.recipient'), debtor.name, MARGIN, y, column);
  left = labelled(doc, t('pdf.notice.creditorName'), creditor.name, MARGIN, left, column);
  left = labelled(doc, t('pdf.notice.subject'), notice.subject, MARGIN, left, column, 9);
  const x2 = MARGIN + column + 10;
  let right = labelled(doc, t('pdf.notice.cbillCode'), creditor.cbillCode ?? '—', x2, y, column);
  right = labelled(doc, t('pdf.notice.noticeNumber'), formatNoticeNumber(notice.noticeNumber), x2, right, column, 11);
  right = labelled(doc, t('pdf.notice.creditorFiscalCode'), creditor.fiscalCode, x2, right, column);
  right = labelled(doc, t('pdf.notice.amount'), formatEuro(notice.amountCents), x2, right, column, 12);
  return Math.max(left, right, y + QR_SIZE);
}

function postalPart(
  doc: Pdf,
  t: Translate,
  { creditor, debtor, notice }: NoticePdfData,
  postalAccount: string,
  dataMatrix: Modules,
  top: number,
): void {
  if (top > A4.height - 170) {
    doc.addPage();
    top = MARGIN;
  }
  doc.rect(MARGIN - 4, top - 4, CONTENT_WIDTH + 8, 4).fill(COLORS.rule);
  const y = sectionTitle(doc, t('pdf.notice.postalTitle'), MARGIN, top + 6, CONTENT_WIDTH);
  drawModules(doc, dataMatrix, MARGIN + CONTENT_WIDTH - DATA_MATRIX_SIZE, y, DATA_MATRIX_SIZE);
  const column = (CONTENT_WIDTH - DATA_MATRIX_SIZE - 12) / 3 - 8;
  let left = labelled(doc, t('pdf.notice.postalAccount'), postalAccount, MARGIN, y, column, 11);
  left = labelled(doc, t('pdf.notice.holder'), creditor.name, MARGIN, left, column);
  left = labelled(doc, t('pdf.notice.recipient'), `${debtor.name} (${debtor.fiscalCode})`, MARGIN, left, column, 9);
  const x2 = MARGIN + column + 12;
  let mid = labelled(doc, t('pdf.notice.subject'), notice.subject, x2, y, column, 9);
  mid = labelled(doc, t('pdf.notice.noticeNumber'), formatNoticeNumber(notice.noticeNumber), x2, mid, column);
  const x3 = x2 + column + 12;
  let right = labelled(doc, t('pdf.notice.euro'), formatEuro(notice.amountCents), x3, y, column, 12);
  right = labelled(doc, t('pdf.notice.type'), 'P1', x3, right, column);
  right = labelled(doc, t('pdf.notice.creditorFiscalCode'), creditor.fiscalCode, x3, right, column);
  doc
    .font('Helvetica')
    .fontSize(7.5)
    .fillColor(COLORS.muted)
    .text(t('pdf.notice.postalHint'), MARGIN, Math.max(left, mid, right, y + DATA_MATRIX_SIZE) + 2, { width: CONTENT_WIDTH });
}
