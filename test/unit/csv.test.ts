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
