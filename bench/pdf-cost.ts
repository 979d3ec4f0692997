// npx tsx bench/pdf-cost.ts [rounds]
// CPU time of one printable avviso against one one-line pdfkit page (the bench's PDF baseline), built in turn in
// this process and timed with process.cpuUsage, so the ratio holds on a machine other work is loading. It is the
// PDF work alone: the page's HTTP, session and database share comes on top (bench/profile.ts measures those).
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { buildNoticePdf, type NoticePdfData } from '../src/pdf/notice-pdf.ts';
import { createI18n, translator } from '../src/web/i18n.ts';

const t = translator(createI18n(path.resolve('locales')));
const data: NoticePdfData = {
  creditor: {
    name: 'Comune di Città Grande',
    sector: 'Servizi scolastici',
    fiscalCode: '80012345678',
    cbillCode: 'AB1CD',
    postalAccount: '001234567890',
    info: 'scuola@comune.example · 06 1234567 · https://comune.example',
  },
  debtor: { fiscalCode: 'RSSMRA80A41H501U', name: 'Maria Rossi', address: 'Via Roma 1, 00100 Roma (RM)' },
  notice: { noticeNumber: '302000000000000123', amountCents: 5000, dueOn: '2027-06-30', subject: 'Ricarica conto mensa' },
};

function oneLinePage(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Avviso di pagamento');
    doc.end();
  });
}

async function cpuMsOf(build: () => Promise<Buffer>, count: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) await build();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const rounds = Number(process.argv[2] ?? 10);
const perRound = 20;
let notice = 0;
let oneLine = 0;
await cpuMsOf(() => buildNoticePdf(t, data), perRound); // warm-up: JIT, the fonts' first load
await cpuMsOf(oneLinePage, perRound);
for (let round = 0; round < rounds; round++) {
  notice += await cpuMsOf(() => buildNoticePdf(t, data), perRound);
  oneLine += await cpuMsOf(oneLinePage, perRound);
}
const n = rounds * perRound;
const size = (await buildNoticePdf(t, data)).length;
console.log(
  `avviso ${(notice / n).toFixed(2)} ms CPU (${Math.round(size / 1024)} KiB), one-line page ${(oneLine / n).toFixed(2)} ms: ` +
    `ratio ${(oneLine / notice).toFixed(3)} (${n} of each)`,
);
