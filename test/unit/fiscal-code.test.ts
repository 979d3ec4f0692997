import { describe, expect, it } from 'vitest';
import {
  birthDataMismatches,
  birthDataOf,
  buildFiscalCode,
  fiscalCodeCheckCharacter,
  isValidFiscalCode,
  isValidPersonalFiscalCode,
  isValidVatNumber,
  maskFiscalCode,
  normalizeFiscalCode,
  personalFiscalCodeProblem,
} from '../../src/domain/fiscal-code.ts';

describe('normalizeFiscalCode', () => {
  it('trims, uppercases and removes inner spaces', () => {
    expect(normalizeFiscalCode('  rssmra85t10a562s ')).toBe('RSSMRA85T10A562S');
    expect(normalizeFiscalCode('RSS MRA 85T10 A562S')).toBe('RSSMRA85T10A562S');
  });

  it('strips the TINIT- prefix of the SAML fiscalNumber attribute', () => {
    expect(normalizeFiscalCode('TINIT-RSSMRA85T10A562S')).toBe('RSSMRA85T10A562S');
    expect(normalizeFiscalCode(' tinit-rssmra85t10a562s')).toBe('RSSMRA85T10A562S');
  });
});

describe('fiscalCodeCheckCharacter', () => {
  it('uses the official odd/even tables', () => {
    // odd 8+12+8+19+14+1+13+5 = 80, even 18+12+0+5+1+0+6 = 42, 122 mod 26 = 18 → S
    expect(fiscalCodeCheckCharacter('RSSMRA85T10A562')).toBe('S');
    // odd 0+5+4+0+5+13+13+0 = 40, even 13+6+8+8+4+7+0 = 46, 86 mod 26 = 8 → I
    expect(fiscalCodeCheckCharacter('BNCGLI18C45H501')).toBe('I');
  });

  it('refuses anything that is not 15 letters or digits', () => {
    expect(() => fiscalCodeCheckCharacter('RSSMRA85T10A56')).toThrow(RangeError);
  });
});

describe('isValidPersonalFiscalCode', () => {
  it('accepts a real known code', () => {
    expect(isValidPersonalFiscalCode('RSSMRA85T10A562S')).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidPersonalFiscalCode('RSSMRA85T10A562T')).toBe(false);
  });

  it('accepts omocodia letters in the digit positions', () => {
    // last digit 2 → N: odd 80 - 5 + 20 = 95, even 42, 137 mod 26 = 7 → H
    expect(isValidPersonalFiscalCode('RSSMRA85T10A56NH')).toBe(true);
    // every digit replaced: odd 90, even 77, 167 mod 26 = 11 → L
    expect(isValidPersonalFiscalCode('RSSMRAURTMLARSNL')).toBe(true);
  });

  it('rejects letters outside the omocodia set in digit positions', () => {
    const first15 = 'RSSMRA8AT10A562';
    expect(isValidPersonalFiscalCode(first15 + fiscalCodeCheckCharacter(first15))).toBe(false);
  });

  it('expects the input normalized: lowercase is not accepted as is', () => {
    expect(isValidPersonalFiscalCode('rssmra85t10a562s')).toBe(false);
    expect(isValidPersonalFiscalCode(normalizeFiscalCode('rssmra85t10a562s'))).toBe(true);
  });

  it('rejects a month letter outside ABCDEHLMPRST', () => {
    const first15 = 'RSSMRA85F10A562';
    expect(isValidPersonalFiscalCode(first15 + fiscalCodeCheckCharacter(first15))).toBe(false);
  });

  it.each([
    ['01', true],
    ['31', true],
    ['41', true],
    ['71', true],
    ['00', false],
    ['32', false],
    ['40', false],
    ['72', false],
  ])('day %s → %s', (day, valid) => {
    const first15 = `RSSMRA85T${day}A562`;
    expect(isValidPersonalFiscalCode(first15 + fiscalCodeCheckCharacter(first15))).toBe(valid);
  });

  it('checks the day after decoding omocodia (M = 1, L = 0 → 10; V = 9, V = 9 → 99)', () => {
    const ok = 'RSSMRA85TMLA562';
    const bad = 'RSSMRA85TVVA562';
    expect(isValidPersonalFiscalCode(ok + fiscalCodeCheckCharacter(ok))).toBe(true);
    expect(isValidPersonalFiscalCode(bad + fiscalCodeCheckCharacter(bad))).toBe(false);
  });

  it('rejects wrong lengths', () => {
    expect(isValidPersonalFiscalCode('RSSMRA85T10A562')).toBe(false);
    expect(isValidPersonalFiscalCode('RSSMRA85T10A562SS')).toBe(false);
    expect(isValidPersonalFiscalCode('')).toBe(false);
  });
});

describe('isValidVatNumber', () => {
  it('accepts numbers with a correct check digit', () => {
    expect(isValidVatNumber('02438750586')).toBe(true); // Roma Capitale
    expect(isValidVatNumber('00488410010')).toBe(true);
    expect(isValidVatNumber('00000000000')).toBe(true);
  });

  it('rejects a wrong check digit, letters and wrong lengths', () => {
    expect(isValidVatNumber('02438750587')).toBe(false);
    expect(isValidVatNumber('0243875058A')).toBe(false);
    expect(isValidVatNumber('0243875058')).toBe(false);
    expect(isValidVatNumber('024387505860')).toBe(false);
  });
});

describe('isValidFiscalCode', () => {
  it('accepts a personal code or an entity number', () => {
    expect(isValidFiscalCode('RSSMRA85T10A562S')).toBe(true);
    expect(isValidFiscalCode('02438750586')).toBe(true);
  });

  it('rejects an entity number with a wrong check digit', () => {
    expect(isValidFiscalCode('02438750587')).toBe(false);
  });
});

describe('buildFiscalCode', () => {
  it('rebuilds a real known code', () => {
    expect(
      buildFiscalCode({
        lastName: 'Rossi',
        firstName: 'Mario',
        birthDate: '1985-12-10',
        sex: 'M',
        cadastralCode: 'A562',
      }),
    ).toBe('RSSMRA85T10A562S');
  });

  it('adds 40 to the day for women (Rome, H501)', () => {
    const cf = buildFiscalCode({
      lastName: 'Bianchi',
      firstName: 'Giulia',
      birthDate: '2018-03-05',
      sex: 'F',
      cadastralCode: 'H501',
    });
    expect(cf).toBe('BNCGLI18C45H501I');
    expect(isValidPersonalFiscalCode(cf)).toBe(true);
  });

  it('takes 1st, 3rd and 4th consonant of a name with 4 or more, and pads short surnames with X', () => {
    // Fo → F, O, X; Gianfranco → G N F R N C → G F R; check: odd 70 + even 54 = 124 mod 26 = 20 → U
    expect(
      buildFiscalCode({
        lastName: 'Fo',
        firstName: 'Gianfranco',
        birthDate: '2019-01-31',
        sex: 'M',
        cadastralCode: 'F205',
      }),
    ).toBe('FOXGFR19A31F205U');
  });

  it('ignores apostrophes and accents', () => {
    const cf = buildFiscalCode({
      lastName: "D'Amélio",
      firstName: 'Bo',
      birthDate: '2000-02-29',
      sex: 'F',
      cadastralCode: 'L219',
    });
    expect(cf.slice(0, 15)).toBe('DMLBOX00B69L219');
    expect(isValidPersonalFiscalCode(cf)).toBe(true);
  });

  it('refuses a date that does not exist or a malformed cadastral code', () => {
    const base = { lastName: 'Rossi', firstName: 'Mario', sex: 'M' as const, cadastralCode: 'H501' };
    expect(() => buildFiscalCode({ ...base, birthDate: '2019-02-29' })).toThrow(RangeError);
    expect(() => buildFiscalCode({ ...base, birthDate: '2019-01-01', cadastralCode: 'Roma' })).toThrow(RangeError);
  });
});

describe('maskFiscalCode', () => {
  it('keeps the first 6 characters only', () => {
    expect(maskFiscalCode('RSSMRA85T10A562S')).toBe('RSSMRA**********');
    expect(maskFiscalCode('02438750586')).toBe('024387*****');
    expect(maskFiscalCode('ABC')).toBe('ABC');
  });
});

describe('personalFiscalCodeProblem', () => {
  it('tells a wrong shape from a wrong check character, and accepts omocodia', () => {
    expect(personalFiscalCodeProblem('RSSMRA85T10A562S')).toBeNull();
    expect(personalFiscalCodeProblem('RSSMRA85T10A562X')).toBe('check');
    expect(personalFiscalCodeProblem('RSSMRA85T10A56')).toBe('format');
    expect(personalFiscalCodeProblem('RSSMRA85T99A562S')).toBe('format'); // no day 99
    // omocodia: the 7th digit (A562 → A56N) replaced by a letter, check character recomputed
    const omocode = 'RSSMRA85T10A56N' + fiscalCodeCheckCharacter('RSSMRA85T10A56N');
    expect(personalFiscalCodeProblem(omocode)).toBeNull();
  });
});

describe('birthDataMismatches', () => {
  const girl = buildFiscalCode({ lastName: 'Bianchi', firstName: 'Giulia', birthDate: '2018-03-05', sex: 'F', cadastralCode: 'H501' });

  it('finds nothing when birth date and sex match, women with day + 40', () => {
    expect(birthDataOf(girl)).toEqual({ yearInCentury: 18, month: 3, day: 5, sex: 'F' });
    expect(birthDataMismatches(girl, { birthDate: '2018-03-05', sex: 'F' })).toEqual([]);
  });

  it('names the birth date (day, month or year) and the sex that disagree', () => {
    expect(birthDataMismatches(girl, { birthDate: '2018-03-06', sex: 'F' })).toEqual(['birthDate']);
    expect(birthDataMismatches(girl, { birthDate: '2018-04-05', sex: 'F' })).toEqual(['birthDate']);
    expect(birthDataMismatches(girl, { birthDate: '2019-03-05', sex: 'M' })).toEqual(['birthDate', 'sex']);
  });

  it('reads omocodia digits back (day 05 written as 0R)', () => {
    const first15 = girl.slice(0, 10) + 'R' + girl.slice(11, 15); // day's 2nd digit 5 → R
    const omocode = first15 + fiscalCodeCheckCharacter(first15);
    expect(birthDataMismatches(omocode, { birthDate: '2018-03-05', sex: 'F' })).toEqual([]);
  });
});
