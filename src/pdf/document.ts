import PDFDocument from 'pdfkit';

export type Pdf = PDFKit.PDFDocument;

export const MM = 72 / 25.4;
export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 15 * MM;
export const COLORS = { primary: '#0066cc', text: '#1a1a1a', muted: '#5c6f82', rule: '#c5c7c9' };

/** Builds a one-off A4 PDF in memory; metadata are set so viewers show a proper title. */
export function renderPdf(meta: { title: string; author: string }, build: (doc: Pdf) => void | Promise<void>): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: meta.title, Author: meta.author }, lang: 'it-IT' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    Promise.resolve(build(doc))
      .then(() => doc.end())
      .catch(reject);
  });
}

/** A small grey label with its value under it; returns the y below the value. */
export function labelled(doc: Pdf, label: string, value: string, x: number, y: number, width: number, valueSize = 10): number {
  doc.font('Helvetica').fontSize(7.5).fillColor(COLORS.muted).text(label.toUpperCase(), x, y, { width });
  doc
    .font('Helvetica-Bold')
    .fontSize(valueSize)
    .fillColor(COLORS.text)
    .text(value, x, doc.y + 1, { width });
  return doc.y + 6;
}

export function sectionTitle(doc: Pdf, title: string, x: number, y: number, width: number): number {
  doc.font('Helvetica-Bold').fontSize(11).fillColor(COLORS.primary).text(title, x, y, { width });
  const below = doc.y + 2;
  doc
    .moveTo(x, below)
    .lineTo(x + width, below)
    .lineWidth(0.7)
    .strokeColor(COLORS.primary)
    .stroke();
  return below + 6;
}
