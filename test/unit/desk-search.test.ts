import { describe, expect, it } from 'vitest';
import { parseDeskQuery } from '../../src/domain/desk-search.ts';

describe('parseDeskQuery', () => {
  it('reads 18 digits as a notice number, as printed in groups too', () => {
    expect(parseDeskQuery('3020 3200 2700 0002 51')).toEqual({
      kind: 'notice',
      noticeNumber: '302032002700000251',
      iuv: '02032002700000251',
      checkDigitsOk: true,
    });
  });

  it('reads 17 digits as an IUV (aux digit 3 in front)', () => {
    expect(parseDeskQuery('22201151398574181')).toMatchObject({ kind: 'notice', noticeNumber: '322201151398574181', checkDigitsOk: true });
  });

  it('keeps a notice number with a wrong check digit, saying so', () => {
    expect(parseDeskQuery('302032002700000252')).toMatchObject({
      kind: 'notice',
      noticeNumber: '302032002700000252',
      checkDigitsOk: false,
    });
  });

  it('reads fiscal codes of people (any case, spaces) and companies', () => {
    expect(parseDeskQuery(' rssmra80a01h501u ')).toEqual({ kind: 'fiscalCode', fiscalCode: 'RSSMRA80A01H501U' });
    expect(parseDeskQuery('01234567890')).toEqual({ kind: 'fiscalCode', fiscalCode: '01234567890' });
  });

  it('reads a word with digits as a badge and words as a name', () => {
    expect(parseDeskQuery('b123')).toEqual({ kind: 'badge', badgeNumber: 'B123' });
    expect(parseDeskQuery('4471')).toEqual({ kind: 'badge', badgeNumber: '4471' });
    expect(parseDeskQuery("D'Angelo  Maria")).toEqual({ kind: 'name', words: ["D'Angelo", 'Maria'] });
  });

  it('refuses what is none of these', () => {
    expect(parseDeskQuery('')).toEqual({ kind: 'invalid' });
    expect(parseDeskQuery('a')).toEqual({ kind: 'invalid' });
    expect(parseDeskQuery('%%%')).toEqual({ kind: 'invalid' });
  });
});
