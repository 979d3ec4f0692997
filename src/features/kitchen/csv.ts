import { formatItalianDate } from '../../domain/dates.ts';
import type { SchoolCount } from './service.ts';

/** Excel (Italian locale) opens `;`-separated UTF-8 files correctly only with a byte order mark. */
const BOM = '\uFEFF';

export const CSV_HEADER = ['Data', 'Plesso', 'Categoria', 'Dieta', 'Pasti', 'Alunni'];

/** Quotes when needed; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function studentLabel(student: { name: string; className: string | null; bland: boolean }): string {
  return `${student.name}${student.className ? ` (${student.className})` : ''}${student.bland ? ' - in bianco' : ''}`;
}

/** One line per school and category, a subtotal per school and the grand total; CRLF as Excel writes. */
export function kitchenCsv(day: string, schools: readonly SchoolCount[], total: number): string {
  const date = formatItalianDate(day);
  const lines: (string | number)[][] = [CSV_HEADER];
  for (const s of schools) {
    lines.push([date, s.school.name, 'Normale', '', s.normal, '']);
    lines.push([date, s.school.name, 'In bianco', '', s.bland, '']);
    for (const diet of s.diets) {
      lines.push([date, s.school.name, 'Dieta speciale', diet.code, diet.count, diet.students.map(studentLabel).join(', ')]);
    }
    lines.push([date, s.school.name, 'Totale plesso', '', s.total, '']);
  }
  lines.push([date, 'Tutti i plessi', 'Totale', '', total, '']);
  return BOM + lines.map((line) => line.map(cell).join(';')).join('\r\n') + '\r\n';
}
