import type { Response } from 'express';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

/** Excel (Italian locale) opens `;`-separated UTF-8 files correctly only with a byte order mark. */
const BOM = '\uFEFF';

/** A signed amount such as "-4,50" is data, not a formula. */
const PLAIN_NUMBER = /^[+-]?\d[\d.,]*$/;

/** A leading = + - @ is neutralisedCell so a spreadsheet never runs a cell as a formula. */
export function neutralisedCell(value: string | number): string {
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Quotes when needed, after neutralising formulas. */
function cell(value: string | number): string {
  const text = neutralisedCell(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of a CSV for Italian spreadsheets: semicolons, ended by CRLF as Excel writes. */
export function csvLine(row: readonly (string | number)[]): string {
  return row.map(cell).join(';') + '\r\n';
}

/** The start of a CSV written line by line (a download streamed in batches): the BOM and the header. */
export function csvHead(header: readonly string[]): string {
  return BOM + csvLine(header);
}

/** A whole CSV: the BOM so Excel reads UTF-8, the header, the rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return csvHead(header) + rows.map(csvLine).join('');
}

/**
 * The same CSV, streamed to the response from batches (constant memory for any number of rows): csv-stringify
 * writes, every cell neutralisedCell first. `batches` yields rows page by page, e.g. from a keyset-paged query.
 */
export async function streamCsv(
  res: Response,
  fileName: string,
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly (string | number)[])[]>,
): Promise<void> {
  res.type('text/csv; charset=utf-8');
  res.attachment(fileName);
  const csv = stringify({ delimiter: ';', record_delimiter: 'windows', bom: true });
  csv.pipe(res);
  // A client that goes away stops the export instead of leaving it waiting for a drain that never comes.
  const gone = new Promise((resolve) => res.once('close', resolve));
  const write = async (row: readonly (string | number)[]) => {
    if (!csv.write(row.map(neutralisedCell))) await Promise.race([once(csv, 'drain'), gone]);
  };
  await write(header);
  for await (const rows of batches) {
    if (res.destroyed) return;
    for (const row of rows) await write(row);
  }
  csv.end();
  await finished(res);
}
