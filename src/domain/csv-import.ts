import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** One data row of an imported file: its line number in the file (header = 1) and its cells by column name. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The text of an uploaded file. UTF-8 (with or without BOM) when the bytes are valid UTF-8; anything else is
 * read as Windows-1252, what Excel on an Italian Windows saves as "CSV" (accents as single bytes).
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const buffer = Buffer.from(bytes);
  const body = buffer.subarray(0, 3).equals(UTF8_BOM) ? buffer.subarray(3) : buffer;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buffer, 'win1252'), encoding: 'windows-1252' };
  }
}

/** `;` (Italian Excel) or `,`: whichever occurs more often outside quotes in the header line. */
export function detectSeparator(text: string): ';' | ',' {
  const header = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const count = (char: string) => header.split(char).length - 1;
  return count(';') >= count(',') ? ';' : ',';
}

/** A header cell as a column name: lower case, trimmed, spaces and dashes as underscores ("CF Alunno" → "cf_alunno"). */
export function columnName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

/**
 * The rows of a CSV file, keyed by column name, blank lines skipped. Throws CsvFormatError, with an Italian
 * message, when the file is not a CSV (unbalanced quotes, a row with more cells than the header…).
 */
export function readCsv(bytes: Uint8Array): { columns: string[]; rows: CsvRow[]; encoding: 'utf-8' | 'windows-1252' } {
  const { text, encoding } = decodeCsvBytes(bytes);
  if (!text.trim()) throw new CsvFormatError('Il file è vuoto.');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectSeparator(text),
      bom: true,
      relax_column_count_less: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new CsvFormatError(`Il file non è un CSV leggibile: ${(error as Error).message}`);
  }
  const [header, ...data] = records;
  const columns = header.record.map(columnName);
  const rows = data
    .filter(({ record }) => record.some((cell) => cell !== ''))
    .map(({ record, info }) => ({
      line: info.lines,
      cells: Object.fromEntries(columns.map((column, index) => [column, record[index] ?? ''])),
    }));
  return { columns, rows, encoding };
}
