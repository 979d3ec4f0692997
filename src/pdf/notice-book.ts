import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import type { Translate } from '../web/i18n.ts';
import { MARGIN } from './document.ts';
import { drawNotice, type NoticePdfData } from './notice-pdf.ts';

/**
 * Many avvisi in one PDF, written to `out` as they are drawn: pdfkit flushes each page once the next one starts
 * and `pages` yields the notices a page of rows at a time, so memory holds one page of rows and one PDF page
 * whatever the count (5,000 print like 5). `onPage` hears after each batch how many are drawn so far.
 */
export async function writeNoticeBook(
  out: Writable,
  t: Translate,
  meta: { title: string; author: string },
  pages: AsyncIterable<NoticePdfData[]>,
  onPage: (drawn: number) => Promise<void>,
): Promise<number> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: meta.title, Author: meta.author },
    lang: 'it-IT',
  });
  doc.pipe(out);
  let drawn = 0;
  for await (const batch of pages) {
    for (const data of batch) {
      doc.addPage();
      drawNotice(doc, t, data);
      drawn++;
    }
    // let the file catch up before drawing more: what pdfkit pushed is waiting in the stream's buffer
    if (out.writableNeedDrain) await once(out, 'drain');
    await onPage(drawn);
  }
  if (drawn === 0) doc.addPage().font('Helvetica').fontSize(12).text(t('adminDesk.bulk.emptyPdf'));
  doc.end();
  await finished(out);
  return drawn;
}
