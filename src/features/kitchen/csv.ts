import { formatItalianDate } from '../../domain/dates.ts';
import { toCsv } from '../../web/csv.ts';
import { dietLabel } from '../../web/diet-label.ts';
import type { Translate } from '../../web/i18n.ts';
import type { SchoolCount } from './service.ts';

function studentLabel(t: Translate, student: { name: string; className: string | null; bland: boolean }): string {
  return `${student.name}${student.className ? ` (${student.className})` : ''}${student.bland ? t('kitchen.csvColumns.blandSuffix') : ''}`;
}

/** One line per school and category, a subtotal per school and the grand total. */
export function kitchenCsv(t: Translate, day: string, schools: readonly SchoolCount[], total: number): string {
  const column = (key: string) => t(`kitchen.csvColumns.${key}`);
  const date = formatItalianDate(day);
  const rows: (string | number)[][] = [];
  for (const s of schools) {
    rows.push([date, s.school.name, column('normal'), '', s.normal, '']);
    rows.push([date, s.school.name, column('bland'), '', s.bland, '']);
    for (const diet of s.diets) {
      const students = diet.students.map((student) => studentLabel(t, student)).join(', ');
      rows.push([date, s.school.name, column('specialDiet'), dietLabel(t, diet.code), diet.count, students]);
    }
    rows.push([date, s.school.name, column('schoolTotal'), '', s.total, '']);
  }
  rows.push([date, column('allSchools'), column('total'), '', total, '']);
  return toCsv(['date', 'school', 'category', 'diet', 'meals', 'students'].map(column), rows);
}
