// Building blocks for multi-page documents (invoices, statements): an A4 page with the Comune's header,
// key/value blocks, tables that break across pages with their header repeated, and "Pagina n di N" footers.
// Standard fonts only (no font file ships with the app); colours and margin shared with document.ts.
import PDFDocument from 'pdfkit';
import type { Translate } from '../web/i18n.ts';
import { COLORS, MARGIN, type Pdf } from './document.ts';

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/** A new A4 document; pages are buffered so drawFooters can number them at the end. */
export function newPdf(info: { title: string; author: string; subject?: string }): Pdf {
  return new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: info.title, Author: info.author, Subject: info.subject ?? info.title },
    lang: 'it-IT',
  });
}

/** Ends the document and gives its bytes. */
export function pdfBytes(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const contentWidth = (doc: Pdf) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

function rule(doc: Pdf, color = COLORS.rule): void {
  const y = doc.y + 4;
  doc
    .moveTo(doc.page.margins.left, y)
    .lineTo(doc.page.width - doc.page.margins.right, y)
    .lineWidth(0.7)
    .strokeColor(color)
    .stroke();
  doc.y = y + 8;
  doc.x = doc.page.margins.left;
}

/** The issuer (e.g. "Comune Dimostrativo" and its office), then the document's title. */
export function drawHeader(doc: Pdf, header: { issuer: string; issuerLines: string[]; title: string; subtitle?: string }): void {
  const left = doc.page.margins.left;
  doc.font(BOLD).fontSize(16).fillColor(COLORS.primary).text(header.issuer, left, doc.page.margins.top);
  doc.font(FONT).fontSize(9).fillColor(COLORS.muted);
  for (const line of header.issuerLines) doc.text(line);
  rule(doc, COLORS.primary);
  doc.font(BOLD).fontSize(14).fillColor(COLORS.text).text(header.title);
  if (header.subtitle) doc.font(FONT).fontSize(10).fillColor(COLORS.muted).text(header.subtitle);
  doc.fillColor(COLORS.text).moveDown(0.8);
}

/** The Comune's office, address and contacts under its name: the same header on every document it issues. */
export function comuneIssuerLines(
  t: Translate,
  comune: { officeName: string; officeAddress: string; officePhone: string; officeEmail: string; fiscalCode: string },
): string[] {
  return [
    `${comune.officeName} — ${comune.officeAddress}`,
    t('pdf.invoice.contacts', { phone: comune.officePhone, email: comune.officeEmail, fiscalCode: comune.fiscalCode }),
  ];
}

/** "Via Roma 1, 20013 Magenta (MI)" from whichever parts of a residence are known; "—" when none is. */
export function residenceLine(r: {
  residenceStreet: string | null;
  residenceZip: string | null;
  residenceCity: string | null;
  residenceProv: string | null;
}): string {
  const place = [r.residenceZip, r.residenceCity, r.residenceProv ? `(${r.residenceProv})` : null].filter(Boolean).join(' ');
  return [r.residenceStreet, place].filter(Boolean).join(', ') || '—';
}

/** A block's heading, in the colour of the Comune's header. */
export function drawHeading(doc: Pdf, text: string): void {
  doc.font(BOLD).fontSize(11).fillColor(COLORS.primary).text(text, doc.page.margins.left).moveDown(0.2);
}

/** A block of "Label  value" rows, labels in a fixed column. */
export function drawFields(
  doc: Pdf,
  fields: [label: string, value: string][],
  options: { heading?: string; labelWidth?: number } = {},
): void {
  const left = doc.page.margins.left;
  const labelWidth = options.labelWidth ?? 150;
  if (options.heading) drawHeading(doc, options.heading);
  for (const [label, value] of fields) {
    const y = doc.y;
    doc
      .font(FONT)
      .fontSize(9)
      .fillColor(COLORS.muted)
      .text(label, left, y, { width: labelWidth - 8 });
    const afterLabel = doc.y;
    doc
      .font(FONT)
      .fontSize(10)
      .fillColor(COLORS.text)
      .text(value, left + labelWidth, y, { width: contentWidth(doc) - labelWidth });
    doc.y = Math.max(doc.y, afterLabel) + 2;
  }
  doc.x = left;
  doc.moveDown(0.6);
}

export interface Column {
  header: string;
  /** share of the width (shares are normalised) */
  width: number;
  align?: 'left' | 'right';
}

/** A table with a header row repeated on every page it spills onto, and an optional bold closing row. */
export function drawTable(doc: Pdf, columns: Column[], rows: string[][], totals?: string[]): void {
  const left = doc.page.margins.left;
  const share = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / share) * contentWidth(doc));
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const drawRow = (cells: string[], font: string) => {
    doc.font(font).fontSize(9).fillColor(COLORS.text);
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i] - 8 }))) + 6;
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawRow(
        columns.map((c) => c.header),
        BOLD,
      );
      doc.font(font).fontSize(9);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x + 4, y + 3, { width: widths[i] - 8, align: columns[i].align ?? 'left' });
      x += widths[i];
    });
    doc.y = y + height;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + contentWidth(doc), doc.y)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke();
  };

  drawRow(
    columns.map((c) => c.header),
    BOLD,
  );
  for (const row of rows) drawRow(row, FONT);
  if (totals) drawRow(totals, BOLD);
  doc.x = left;
  doc.moveDown(0.8);
}

/** A heading and its paragraphs (instructions, notes). */
export function drawSection(doc: Pdf, heading: string, paragraphs: string[]): void {
  const left = doc.page.margins.left;
  drawHeading(doc, heading);
  doc.font(FONT).fontSize(9.5).fillColor(COLORS.text);
  for (const text of paragraphs) doc.text(text, left, doc.y, { width: contentWidth(doc) }).moveDown(0.3);
  doc.moveDown(0.5);
}

/** Writes "<text> — Pagina n di N" at the foot of every page; call once, just before pdfBytes. */
export function drawFooters(doc: Pdf, t: Translate, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    // Text inside the bottom margin would make pdfkit open a new page, so the margin is lifted while writing.
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor(COLORS.muted)
      .text(t('pdf.footer', { text, page: i - range.start + 1, pages: range.count }), doc.page.margins.left, doc.page.height - 40, {
        width: contentWidth(doc),
        align: 'center',
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor(COLORS.text);
}
