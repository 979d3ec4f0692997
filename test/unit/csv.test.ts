import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/web/csv.ts';

describe('CSV for Italian spreadsheets', () => {
  it('starts with a BOM, separates with semicolons and ends every line with CRLF', () => {
    expect(toCsv(['Data', 'Importo (€)'], [['01/10/2026', '4,50']])).toBe('\uFEFFData;Importo (€)\r\n01/10/2026;4,50\r\n');
  });

  it('quotes only cells that need it, doubling inner quotes', () => {
    expect(toCsv(['a'], [['Infanzia "Il Glicine"'], ['uno; due'], ['riga\nnuova']])).toBe(
      '\uFEFFa\r\n"Infanzia ""Il Glicine"""\r\n"uno; due"\r\n"riga\nnuova"\r\n',
    );
  });

  it('neutralises cells a spreadsheet would run as a formula, but keeps signed amounts as numbers', () => {
    const rows = [['=SOMMA(A1:A9)'], ['+39 333'], ['@cmd'], ['-4,50'], ['+10,00'], [-450]];
    expect(toCsv(['x'], rows).split('\r\n').slice(1, -1)).toEqual(["'=SOMMA(A1:A9)", "'+39 333", "'@cmd", '-4,50', '+10,00', '-450']);
  });
});

describe('streamed CSV', () => {
  it('writes the same BOM, separators and neutralisedCell cells as toCsv, batch by batch', async () => {
    const { PassThrough } = await import('node:stream');
    const { streamCsv } = await import('../../src/web/csv.ts');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const res = Object.assign(out, { type: () => res, attachment: () => res }) as unknown as Response;
    async function* batches() {
      yield [['=SOMMA(A1)', 'uno; due']];
      yield [['-4,50', 'riga "x"']];
    }
    await streamCsv(res, 'x.csv', ['a', 'b'], batches());
    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      toCsv(
        ['a', 'b'],
        [
          ['=SOMMA(A1)', 'uno; due'],
          ['-4,50', 'riga "x"'],
        ],
      ),
    );
  });
});
