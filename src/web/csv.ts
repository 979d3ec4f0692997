/** Excel (Italian locale) opens `;`-separated UTF-8 files correctly only with a byte order mark. */
const BOM = '\uFEFF';

/** A signed amount such as "-4,50" is data, not a formula. */
const PLAIN_NUMBER = /^[+-]?\d[\d.,]*$/;

/** A cell's text with a leading = + - @ neutralised, so a spreadsheet never runs it as a formula. */
export function neutralised(value: string | number): string {
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Quotes when needed, after neutralising formulas. */
function cell(value: string | number): string {
  const text = neutralised(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV for Italian spreadsheets: semicolons, CRLF as Excel writes, and a BOM so Excel reads UTF-8. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';
}
