/** A CSV for Italian spreadsheets: semicolons, CRLF, every cell quoted, and a BOM so Excel reads UTF-8. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const cell = (value: string | number) => `"${String(value).replace(/"/g, '""')}"`;
  return '\ufeff' + [header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';
}
