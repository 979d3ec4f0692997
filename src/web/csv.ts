/** Excel (Italian locale) opens `;`-separated UTF-8 files correctly only with a byte order mark. */
const BOM = '\uFEFF';

/** A signed amount such as "-4,50" is data, not a formula. */
const PLAIN_NUMBER = /^[+-]?\d[\d.,]*$/;

/** Quotes when needed; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
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
