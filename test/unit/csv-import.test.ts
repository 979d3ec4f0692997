import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { columnName, CsvFormatError, decodeCsvBytes, detectSeparator, readCsv } from '../../src/domain/csv-import.ts';

describe('decodeCsvBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeCsvBytes(Buffer.from('\uFEFFperché', 'utf8'))).toEqual({ text: 'perché', encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.from('perché', 'utf8'))).toEqual({ text: 'perché', encoding: 'utf-8' });
  });

  it('reads bytes that are not valid UTF-8 as Windows-1252 (accents, the euro sign)', () => {
    expect(decodeCsvBytes(iconv.encode('Niccolò € 5', 'win1252'))).toEqual({ text: 'Niccolò € 5', encoding: 'windows-1252' });
  });
});

describe('detectSeparator', () => {
  it.each([
    ['a;b;c\n1,5;2;3', ';'],
    ['a,b,c\n1;2;3', ','],
    ['"x;y",b,c', ','],
    ['solo', ';'],
  ])('%j → %s', (text, separator) => {
    expect(detectSeparator(text)).toBe(separator);
  });
});

describe('readCsv', () => {
  it('keys cells by column name, skips blank lines and keeps each row’s line number', () => {
    const { columns, rows } = readCsv(Buffer.from('CF Alunno;Nome\r\nAAA;"Anna; Maria"\r\n\r\n;\r\nBBB;Luca\r\n'));
    expect(columns).toEqual(['cf_alunno', 'nome']);
    expect(rows).toEqual([
      { line: 2, cells: { cf_alunno: 'AAA', nome: 'Anna; Maria' } },
      { line: 5, cells: { cf_alunno: 'BBB', nome: 'Luca' } },
    ]);
  });

  it('fills missing trailing cells with empty text', () => {
    expect(readCsv(Buffer.from('a,b,c\n1,2\n')).rows[0].cells).toEqual({ a: '1', b: '2', c: '' });
  });

  it('refuses an empty file and a broken one in Italian', () => {
    expect(() => readCsv(Buffer.from('  \n'))).toThrow(CsvFormatError);
    expect(() => readCsv(Buffer.from('a;b\n1;2;3\n'))).toThrow(/non è un CSV leggibile/);
    expect(() => readCsv(Buffer.from('a;b\n"1;2\n'))).toThrow(CsvFormatError);
  });

  it('names columns the same however the header is typed', () => {
    expect(columnName('  Data-Nascita ')).toBe('data_nascita');
  });
});
