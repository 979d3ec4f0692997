// How many printable avvisi pagoPA (A4 PDF with QR code) the builder produces per second on this machine.
// Run: npx tsx bench/notice-pdf.ts [seconds=5]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNoticeNumber, randomNoticeBase } from '../src/domain/notice-number.ts';
import { buildNoticePdf, type NoticePdfData } from '../src/pdf/notice-pdf.ts';
import { createI18n } from '../src/web/i18n.ts';

const { t } = createI18n(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../locales'));

function sample(withPostalAccount: boolean): NoticePdfData {
  return {
    creditor: {
      name: 'Comune Dimostrativo',
      sector: 'Ufficio Pubblica Istruzione',
      fiscalCode: '80001230152',
      cbillCode: 'A1B2C',
      postalAccount: withPostalAccount ? '001023456789' : null,
      info: 'istruzione@comune.example.it · +39 02 0000000 · https://www.comune.example.it',
    },
    debtor: { fiscalCode: 'RSSMRA85C52F205X', name: 'Maria Rossi', address: 'Via Verdi 2, 20100 Milano (MI)' },
    notice: {
      noticeNumber: buildNoticeNumber('02', randomNoticeBase()),
      amountCents: 4550,
      dueOn: '2026-12-31',
      subject: 'Refezione scolastica ottobre 2026 - Luca Rossi',
    },
  };
}

async function measure(label: string, seconds: number, withPostalAccount: boolean): Promise<void> {
  for (let i = 0; i < 20; i++) await buildNoticePdf(t, sample(withPostalAccount)); // warm-up
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  let bytes = 0;
  while (performance.now() < until) {
    bytes += (await buildNoticePdf(t, sample(withPostalAccount))).length;
    count++;
  }
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(28)} ${(count / elapsed).toFixed(1).padStart(7)} notices/s  (${count} in ${elapsed.toFixed(1)} s, ${Math.round(bytes / count / 1024)} KiB each, one core)`,
  );
}

const seconds = Number(process.argv[2] ?? 5);
await measure('avviso (banks/PSP part)', seconds, false);
await measure('avviso + Poste part', seconds, true);
