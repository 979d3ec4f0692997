import { describe, expect, it } from 'vitest';
import { checksumCreditorID, validateCreditorID } from 'sepa';
import { isValidCreditorId, isValidItalianIban, mod97 } from '../../src/domain/iban.ts';
import { centsToDecimalEuros } from '../../src/domain/money.ts';
import { isSepaBusinessDay, nextSepaBusinessDay, returnReasonText, sepaEuros, sepaText, sequenceTypeOf } from '../../src/domain/sepa.ts';

describe('creditor identifier (ISO 7064 MOD 97-10)', () => {
  it('accepts the published examples', () => {
    expect(isValidCreditorId('IT66ZZZA1B2C3D4E5F6G7H8')).toBe(true);
    expect(isValidCreditorId('DE98ZZZ09999999999')).toBe(true);
  });
  it('ignores the business code, as the scheme does', () => {
    expect(isValidCreditorId('IT66ABCA1B2C3D4E5F6G7H8')).toBe(true);
  });
  it('refuses a wrong check digit, a changed character, a wrong Italian length or lower case', () => {
    expect(isValidCreditorId('IT67ZZZA1B2C3D4E5F6G7H8')).toBe(false);
    expect(isValidCreditorId('IT66ZZZA1B2C3D4E5F6G7H9')).toBe(false);
    expect(isValidCreditorId('IT66ZZZA1B2C3D4E5F6G7')).toBe(false);
    expect(isValidCreditorId('it66zzza1b2c3d4e5f6g7h8')).toBe(false);
    expect(isValidCreditorId('')).toBe(false);
  });
  it('agrees with the sepa library on identifiers it computes', () => {
    for (const national of ['00345670162', 'RSSMRA85C52F205X', '12345678901ABCDE']) {
      const id = checksumCreditorID(`IT00ZZZ${national.padStart(16, '0')}`);
      expect(validateCreditorID(id)).toBe(true);
      expect(isValidCreditorId(id)).toBe(true);
    }
  });
  it('shares the remainder function with the IBAN check', () => {
    expect(mod97('X0542811101000000123456IT60')).toBe(1);
    expect(isValidItalianIban('IT60X0542811101000000123456')).toBe(true);
    expect(isValidItalianIban('IT61X0542811101000000123456')).toBe(false);
    expect(isValidItalianIban('DE89370400440532013000')).toBe(false);
  });
});

describe('sequence type', () => {
  it('is FRST for a mandate never collected, RCUR afterwards', () => {
    expect(sequenceTypeOf({ firstCollectedOn: null })).toBe('FRST');
    expect(sequenceTypeOf({ firstCollectedOn: '2026-10-10' })).toBe('RCUR');
    expect(sequenceTypeOf({ firstCollectedOn: new Date('2026-10-10T00:00:00Z') })).toBe('RCUR');
  });
});

describe('return reason codes', () => {
  it.each([
    ['AM04', 'AM04 — fondi insufficienti'],
    ['MD01', 'MD01 — mandato assente'],
    ['AC04', 'AC04 — conto chiuso'],
    ['ms02', 'MS02 — rifiutato dal debitore'],
  ])('%s reads as %s', (code, text) => {
    expect(returnReasonText(code)).toBe(text);
  });
  it('keeps an unknown code and says when none was given', () => {
    expect(returnReasonText('ZZ99')).toBe('ZZ99');
    expect(returnReasonText('')).toBe('motivo non indicato');
    expect(returnReasonText(null)).toBe('motivo non indicato');
  });
});

describe('amounts', () => {
  it('renders cents as decimal euros exactly', () => {
    expect(centsToDecimalEuros(123456)).toBe('1234.56');
    expect(centsToDecimalEuros(5)).toBe('0.05');
    expect(centsToDecimalEuros(-5)).toBe('-0.05');
    expect(centsToDecimalEuros(0)).toBe('0.00');
  });
  it('gives the library euros whose two-digit form is the cents, for every amount up to 100.000 €', () => {
    for (let cents = 1; cents <= 10_000_000; cents += 997) expect(sepaEuros(cents).toFixed(2)).toBe(centsToDecimalEuros(cents));
    expect(sepaEuros(1).toFixed(2)).toBe('0.01');
    expect(sepaEuros(10_000_000).toFixed(2)).toBe('100000.00');
  });
  it('refuses zero, negative and fractional cents', () => {
    expect(() => sepaEuros(0)).toThrow(RangeError);
    expect(() => sepaEuros(-100)).toThrow(RangeError);
    expect(() => sepaEuros(1.5)).toThrow(RangeError);
  });
});

describe('SEPA text', () => {
  it('drops accents and characters outside the SEPA set, and cuts to the length', () => {
    expect(sepaText('Niccolò D’Amico & figli', 70)).toBe("Niccolo D'Amico + figli");
    expect(sepaText('Refezione — ottobre 2026', 140)).toBe('Refezione ottobre 2026');
    expect(sepaText('Abcdefghij', 4)).toBe('Abcd');
  });
});

describe('SEPA business days', () => {
  it('skips weekends and the TARGET holidays', () => {
    expect(isSepaBusinessDay('2026-12-04')).toBe(true);
    expect(isSepaBusinessDay('2026-12-05')).toBe(false);
    expect(isSepaBusinessDay('2026-12-25')).toBe(false);
    expect(isSepaBusinessDay('2027-03-26')).toBe(false); // Good Friday 2027
    expect(isSepaBusinessDay('2027-03-29')).toBe(false); // Easter Monday 2027
  });
  it('gives the next business day', () => {
    expect(nextSepaBusinessDay('2026-12-04')).toBe('2026-12-07');
    expect(nextSepaBusinessDay('2026-12-07')).toBe('2026-12-08');
    expect(nextSepaBusinessDay('2026-12-24')).toBe('2026-12-28');
    expect(nextSepaBusinessDay('2026-12-31')).toBe('2027-01-04');
  });
});
