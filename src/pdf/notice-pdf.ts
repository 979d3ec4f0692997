import bwipjs from 'bwip-js';
import QRCode from 'qrcode';
import { formatItalianDate, type IsoDate } from '../domain/dates.ts';
import { formatEuro } from '../domain/money.ts';
import { formatNoticeNumber, noticeQrPayload } from '../domain/notice-number.ts';
import { posteDataMatrixPayload } from '../domain/poste-datamatrix.ts';
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

// Texts of the "Dove pagare" box, as the pagoPA notice guide words them.
const WHERE_ONLINE =
  'PAGA SUL SITO O CON LE APP del tuo Ente Creditore, della tua Banca o degli altri canali di pagamento. Potrai pagare con carte, conto corrente, CBILL.';
const WHERE_IN_PERSON =
  'PAGA SUL TERRITORIO in tutti gli Uffici Postali, in Banca, in Ricevitoria, dal Tabaccaio, al Bancomat, al Supermercato. Potrai pagare in contanti, con carte o conto corrente.';

interface Modules {
  size: number;
  dark: (row: number, column: number) => boolean;
}

/** The Data Matrix as a grid of modules, drawn as vector squares: sharp in print and cheaper than a PNG. */
function dataMatrixModules(text: string): Modules {
  const [symbol] = bwipjs.raw({ bcid: 'datamatrix', text }) as { pixs: number[]; pixx: number; pixy: number }[];
  return { size: symbol.pixx, dark: (row, column) => symbol.pixs[row * symbol.pixx + column] === 1 };
}

function drawModules(doc: Pdf, modules: Modules, x: number, y: number, size: number): void {
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.dark(row, column)) doc.rect(x + column * cell, y + row * cell, cell, cell);
    }
  }
  doc.fill('#000000');
}

export function dueText(dueOn: IsoDate | null): string {
  return dueOn ? formatItalianDate(dueOn) : 'senza scadenza';
}

/** The printable avviso pagoPA (A4): header, amount and due date, where to pay, and the banks/PSP part with its QR. */
export async function buildNoticePdf(data: NoticePdfData): Promise<Buffer> {
  const { creditor, debtor, notice } = data;
  const qrPayload = noticeQrPayload(notice.noticeNumber, creditor.fiscalCode, notice.amountCents);
  const qr = await QRCode.toBuffer(qrPayload, { errorCorrectionLevel: 'M', type: 'png', margin: 1, scale: 6 });
  const dataMatrix = creditor.postalAccount
    ? dataMatrixModules(
        posteDataMatrixPayload({
          noticeNumber: notice.noticeNumber,
          postalAccount: creditor.postalAccount,
          amountCents: notice.amountCents,
          creditorFiscalCode: creditor.fiscalCode,
          debtorFiscalCode: debtor.fiscalCode,
          debtorName: debtor.name,
          subject: notice.subject,
        }),
      )
    : null;
  return renderPdf({ title: `Avviso di pagamento ${notice.noticeNumber}`, author: creditor.name }, (doc) => {
    let y = amountBox(doc, data, header(doc, data) + 12);
    y = whereToPay(doc, y + 10);
    y = bankPart(doc, data, qr, y + 14);
    if (creditor.postalAccount && dataMatrix) postalPart(doc, data, creditor.postalAccount, dataMatrix, y + 14);
  });
}

/** Title, creditor and recipient; returns the y below the taller of the two blocks. */
function header(doc: Pdf, { creditor, debtor, notice }: NoticePdfData): number {
  doc.rect(0, 0, A4.width, 8).fill(COLORS.primary);
  doc.font('Helvetica-Bold').fontSize(18).fillColor(COLORS.text).text('AVVISO DI PAGAMENTO', MARGIN, MARGIN);
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(notice.subject, MARGIN, doc.y + 4, { width: CONTENT_WIDTH * 0.7 });
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .fillColor(COLORS.primary)
    .text('pagoPA', MARGIN, MARGIN, { width: CONTENT_WIDTH, align: 'right' });
  const top = 110;
  const half = CONTENT_WIDTH / 2 - 8;
  let left = sectionTitle(doc, 'ENTE CREDITORE', MARGIN, top, half);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(COLORS.text).text(creditor.name, MARGIN, left, { width: half });
  doc.font('Helvetica').fontSize(9).text(creditor.sector, { width: half });
  doc.text(`Codice fiscale ${creditor.fiscalCode}`, { width: half });
  doc.fillColor(COLORS.muted).text(creditor.info, { width: half });
  left = doc.y;
  const right = MARGIN + CONTENT_WIDTH / 2 + 8;
  const y = sectionTitle(doc, 'DESTINATARIO AVVISO', right, top, half);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(COLORS.text).text(debtor.name, right, y, { width: half });
  doc.font('Helvetica').fontSize(9).text(`Codice fiscale ${debtor.fiscalCode}`, { width: half });
  if (debtor.address) doc.text(debtor.address, { width: half });
  return Math.max(left, doc.y);
}

function amountBox(doc: Pdf, { notice }: NoticePdfData, top: number): number {
  const y = sectionTitle(doc, 'QUANTO E QUANDO PAGARE?', MARGIN, top, CONTENT_WIDTH);
  doc.font('Helvetica-Bold').fontSize(16).fillColor(COLORS.text).text(formatEuro(notice.amountCents), MARGIN, y, { continued: true });
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(notice.dueOn ? `   entro il ${dueText(notice.dueOn)}` : `   ${dueText(null)}`);
  doc
    .font('Helvetica')
    .fontSize(8.5)
    .fillColor(COLORS.muted)
    .text(
      "Puoi pagare con una unica rata. L'importo è aggiornato automaticamente dal sistema e potrebbe subire variazioni per eventuali sgravi, note di credito, indennità di mora, sanzioni o interessi.",
      MARGIN,
      doc.y + 4,
      { width: CONTENT_WIDTH },
    );
  return doc.y;
}

function whereToPay(doc: Pdf, top: number): number {
  const y = sectionTitle(doc, 'DOVE PAGARE?', MARGIN, top, CONTENT_WIDTH);
  const half = CONTENT_WIDTH / 2 - 8;
  doc.font('Helvetica').fontSize(9).fillColor(COLORS.text).text(WHERE_ONLINE, MARGIN, y, { width: half });
  const leftBottom = doc.y;
  doc.text(WHERE_IN_PERSON, MARGIN + CONTENT_WIDTH / 2 + 8, y, { width: half });
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(COLORS.muted)
    .text(
      'Utilizza la porzione di avviso relativa al canale di pagamento che preferisci. Scopri di più su www.pagopa.gov.it',
      MARGIN,
      Math.max(leftBottom, doc.y) + 4,
      { width: CONTENT_WIDTH },
    );
  return doc.y;
}

function bankPart(doc: Pdf, { creditor, debtor, notice }: NoticePdfData, qr: Buffer, top: number): number {
  doc.rect(MARGIN - 4, top - 4, CONTENT_WIDTH + 8, 4).fill(COLORS.rule);
  let y = sectionTitle(doc, 'BANCHE E ALTRI CANALI', MARGIN, top + 6, CONTENT_WIDTH);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(COLORS.muted)
    .text(
      'Qui accanto trovi il codice QR e il codice interbancario CBILL per pagare attraverso il circuito bancario e gli altri canali di pagamento abilitati.',
      MARGIN,
      y,
      { width: CONTENT_WIDTH - QR_SIZE - 20 },
    );
  doc.image(qr, MARGIN + CONTENT_WIDTH - QR_SIZE, y, { width: QR_SIZE, height: QR_SIZE });
  y = doc.y + 6;
  const column = (CONTENT_WIDTH - QR_SIZE - 20) / 2;
  let left = labelled(doc, 'Destinatario', debtor.name, MARGIN, y, column);
  left = labelled(doc, 'Ente creditore', creditor.name, MARGIN, left, column);
  left = labelled(doc, 'Oggetto del pagamento', notice.subject, MARGIN, left, column, 9);
  const x2 = MARGIN + column + 10;
  let right = labelled(doc, 'Codice CBILL', creditor.cbillCode ?? '—', x2, y, column);
  right = labelled(doc, 'Codice avviso', formatNoticeNumber(notice.noticeNumber), x2, right, column, 11);
  right = labelled(doc, 'Cod. fiscale ente creditore', creditor.fiscalCode, x2, right, column);
  right = labelled(doc, 'Importo', formatEuro(notice.amountCents), x2, right, column, 12);
  return Math.max(left, right, y + QR_SIZE);
}

function postalPart(doc: Pdf, { creditor, debtor, notice }: NoticePdfData, postalAccount: string, dataMatrix: Modules, top: number): void {
  if (top > A4.height - 170) {
    doc.addPage();
    top = MARGIN;
  }
  doc.rect(MARGIN - 4, top - 4, CONTENT_WIDTH + 8, 4).fill(COLORS.rule);
  const y = sectionTitle(doc, 'BOLLETTINO POSTALE PA — Poste Italiane', MARGIN, top + 6, CONTENT_WIDTH);
  drawModules(doc, dataMatrix, MARGIN + CONTENT_WIDTH - DATA_MATRIX_SIZE, y, DATA_MATRIX_SIZE);
  const column = (CONTENT_WIDTH - DATA_MATRIX_SIZE - 12) / 3 - 8;
  let left = labelled(doc, 'sul c/c n.', postalAccount, MARGIN, y, column, 11);
  left = labelled(doc, 'Intestato a', creditor.name, MARGIN, left, column);
  left = labelled(doc, 'Destinatario', `${debtor.name} (${debtor.fiscalCode})`, MARGIN, left, column, 9);
  const x2 = MARGIN + column + 12;
  let mid = labelled(doc, 'Oggetto del pagamento', notice.subject, x2, y, column, 9);
  mid = labelled(doc, 'Codice avviso', formatNoticeNumber(notice.noticeNumber), x2, mid, column);
  const x3 = x2 + column + 12;
  let right = labelled(doc, 'Euro', formatEuro(notice.amountCents), x3, y, column, 12);
  right = labelled(doc, 'Tipo', 'P1', x3, right, column);
  right = labelled(doc, 'Cod. fiscale ente creditore', creditor.fiscalCode, x3, right, column);
  doc
    .font('Helvetica')
    .fontSize(7.5)
    .fillColor(COLORS.muted)
    .text(
      "Bollettino postale pagabile in tutti gli Uffici Postali e sui canali fisici o digitali abilitati di Poste Italiane e dell'Ente Creditore.",
      MARGIN,
      Math.max(left, mid, right, y + DATA_MATRIX_SIZE) + 2,
      { width: CONTENT_WIDTH },
    );
}
