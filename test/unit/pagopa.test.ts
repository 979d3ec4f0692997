import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatEuro } from '../../src/domain/money.ts';
import {
  buildNoticeNumber,
  checkNoticeNumber,
  formatNoticeNumber,
  iuvOf,
  noticeQrPayload,
  randomNoticeBase,
} from '../../src/domain/notice-number.ts';
import type { PagoPaReceipt } from '../../src/pagopa/gateway.ts';
import {
  centsToDecimalEuros,
  decimalEurosToCents,
  paSendRtSoap,
  paSendRtXml,
  parseReceiptXml,
  receiptToXml,
} from '../../src/pagopa/receipt-xml.ts';
import { dueText } from '../../src/pdf/notice-pdf.ts';
import { createI18n } from '../../src/web/i18n.ts';

const { t } = createI18n(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales'));

describe('notice numbers the portal generates', () => {
  it.each(['00', '02', '03', '22', '45', '47'])('all pass their check digits (segregation code %s)', (seg) => {
    for (let i = 0; i < 2000; i++) {
      const nav = buildNoticeNumber(seg, randomNoticeBase());
      expect(nav).toMatch(new RegExp(`^3${seg}\\d{15}$`));
      expect(checkNoticeNumber(nav)).toEqual({ wellFormed: true, checkDigitsOk: true });
      expect(Number(BigInt(nav.slice(0, 16)) % 93n)).toBe(Number(nav.slice(16)));
      expect(iuvOf(nav)).toBe(nav.slice(1));
    }
  });

  it.each([
    ['302032002700000251', '3020 3200 2700 0002 51'],
    ['322201151398574181', '3222 0115 1398 5741 81'],
    ['347164993070184562', '3471 6499 3070 1845 62'],
  ])('the official example %s is printed as %s', (nav, printed) => {
    expect(checkNoticeNumber(nav).checkDigitsOk).toBe(true);
    expect(formatNoticeNumber(nav)).toBe(printed);
  });
});

describe('QR payload', () => {
  it('is PAGOPA|002|NAV|CF ente (11, zero-padded)|cents', () => {
    expect(noticeQrPayload('302032002700000251', '80001230152', 123456)).toBe('PAGOPA|002|302032002700000251|80001230152|123456');
    expect(noticeQrPayload('302032002700000251', '1230152', 1)).toBe('PAGOPA|002|302032002700000251|00001230152|1');
    expect(noticeQrPayload('302032002700000251', '80001230152', 1300)).toMatch(/^PAGOPA\|002\|\d{18}\|\d{11}\|\d+$/);
  });

  it('refuses a zero, negative or fractional amount and a malformed number', () => {
    expect(() => noticeQrPayload('302032002700000251', '80001230152', 0)).toThrow(RangeError);
    expect(() => noticeQrPayload('302032002700000251', '80001230152', 12.5)).toThrow(RangeError);
    expect(() => noticeQrPayload('30203200270000025', '80001230152', 100)).toThrow(RangeError);
  });
});

describe('amounts', () => {
  it.each([
    [0, '0,00 €'],
    [1, '0,01 €'],
    [1300, '13,00 €'],
    [123456, '1.234,56 €'],
    [100000000, '1.000.000,00 €'],
  ])('%i cents print as %s', (cents, text) => {
    expect(formatEuro(cents).replace('\u00a0', ' ')).toBe(text);
  });

  it.each([
    ['13.00', 1300],
    ['0.5', 50],
    ['1234.56', 123456],
    ['7', 700],
  ])('pagoPA writes %s: %i cents', (text, cents) => {
    expect(decimalEurosToCents(text)).toBe(cents);
  });

  it('writes cents back as pagoPA decimals and refuses nonsense', () => {
    expect(centsToDecimalEuros(123456)).toBe('1234.56');
    expect(centsToDecimalEuros(5)).toBe('0.05');
    expect(() => decimalEurosToCents('12,50')).toThrow();
    expect(() => decimalEurosToCents('1.234')).toThrow();
    expect(decimalEurosToCents('21474836.47')).toBe(2_147_483_647);
    expect(() => decimalEurosToCents('21474836.48')).toThrow('Amount out of range');
  });

  it('a notice without due date says so', () => {
    expect(dueText(t, null)).toBe('senza scadenza');
    expect(dueText(t, '2026-12-31')).toBe('31/12/2026');
  });
});

describe('paSendRT receipts', () => {
  const receipt: PagoPaReceipt = {
    receiptId: 'c1a2b3',
    noticeNumber: '302032002700000251',
    creditorFiscalCode: '80001230152',
    outcome: 'OK',
    creditorReferenceId: '02032002700000251',
    amountCents: 4550,
    feeCents: 120,
    description: 'Retta <ottobre> & mensa',
    companyName: 'Comune Dimostrativo',
    pspId: 'BDEMITM1XXX',
    pspCompanyName: 'Banca Demo',
    paymentMethod: 'CP',
    paymentDateTime: new Date('2026-11-18T09:15:30Z'),
    debtor: { type: 'F', fiscalCode: 'RSSMRA85C52F205X', fullName: 'Maria Rossi' },
    payer: { type: 'F', fiscalCode: 'RSSMRA85C52F205X', fullName: 'Maria Rossi' },
    transfers: [
      {
        idTransfer: 1,
        amountCents: 4550,
        fiscalCodePA: '80001230152',
        iban: 'IT60X0542811101000000123456',
        remittanceInformation: 'Retta',
        category: '9/0101108TS/',
      },
    ],
  };
  const station = { idPA: '80001230152', idBrokerPA: '15376371009', idStation: '80001230152_01' };

  it.each([
    ['SOAP envelope', paSendRtSoap(receipt, station)],
    ['bare paSendRTReq (receipts API)', paSendRtXml(receipt, station)],
    ['just <receipt>', receiptToXml(receipt)],
  ])('round-trips through %s', (_name, xml) => {
    expect(parseReceiptXml(xml)).toEqual(receipt);
  });

  it('reads paymentDateTime without offset as Italian time', () => {
    const xml = receiptToXml(receipt).replace(/<paymentDateTime>[^<]+</, '<paymentDateTime>2026-11-18T10:15:30<');
    expect(parseReceiptXml(xml).paymentDateTime.toISOString()).toBe('2026-11-18T09:15:30.000Z');
  });

  it('refuses characters XML forbids, which the parser would let through', () => {
    const xml = receiptToXml(receipt).replace(/<receiptId>[^<]+</, '<receiptId>RT\u0000X<');
    expect(() => parseReceiptXml(xml)).toThrow('Not XML: a control character');
  });

  it('refuses a receipt without its identifiers', () => {
    expect(() => parseReceiptXml('<receipt><outcome>OK</outcome></receipt>')).toThrow(/receiptId/);
    expect(() => parseReceiptXml('not xml at all')).toThrow();
  });
});

describe('Poste Data Matrix payload', () => {
  it('is the 256-character record of the notice guide', async () => {
    const { posteDataMatrixPayload } = await import('../../src/domain/poste-datamatrix.ts');
    const payload = posteDataMatrixPayload({
      noticeNumber: '302032002700000251',
      postalAccount: '1023456789',
      amountCents: 4550,
      creditorFiscalCode: '00123450165',
      debtorFiscalCode: 'lmbpla84m09a794c',
      debtorName: 'Paolo Lombardi',
      subject: 'Refezione scolastica ottobre 2026 – Giorgia',
    });
    expect(payload).toHaveLength(256);
    expect(payload.startsWith('codfase=NBPA;18302032002700000251120010234567891000000045503896' + '1P100123450165LMBPLA84M09A794C')).toBe(
      true,
    );
    expect(payload.slice(93, 133)).toBe('Paolo Lombardi'.padEnd(40));
    expect(payload.slice(133, 243).trimEnd()).toBe('Refezione scolastica ottobre 2026   Giorgia');
    expect(payload.endsWith(`${' '.repeat(12)}A`)).toBe(true);
  });
});
