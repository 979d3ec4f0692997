import { italianMonth, type IsoDate } from './dates.ts';
import { assertCents, formatEuro, sumCents } from './money.ts';

export interface MealCharge {
  studentName: string;
  day: IsoDate;
  amountCents: number;
  kind: 'PRESENT' | 'BLAND';
}

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
}

/** "18 pasti × 4,50 €" */
export function mealLineLabel(quantity: number, unitCents: number): string {
  return `${quantity} ${quantity === 1 ? 'pasto' : 'pasti'} × ${formatEuro(unitCents)}`;
}

/**
 * One line per student and unit price for the meals of `month` ('YYYY-MM'); charges of other months
 * are left out. A bland meal costs what its charge says, so it joins the line of its price.
 */
export function monthlyInvoiceLines(charges: readonly MealCharge[], month: string): InvoiceLine[] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  const monthLabel = italianMonth(`${month}-01`);
  const groups = new Map<string, { studentName: string; unitCents: number; quantity: number }>();
  for (const charge of charges) {
    if (!charge.day.startsWith(`${month}-`)) continue;
    assertCents(charge.amountCents);
    const key = JSON.stringify([charge.studentName, charge.amountCents]);
    const group = groups.get(key) ?? { studentName: charge.studentName, unitCents: charge.amountCents, quantity: 0 };
    group.quantity += 1;
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.studentName.localeCompare(b.studentName, 'it') || b.unitCents - a.unitCents)
    .map((g) => ({
      description: `Refezione ${monthLabel} — ${g.studentName}`,
      quantity: g.quantity,
      unitCents: g.unitCents,
      amountCents: g.quantity * g.unitCents,
    }));
}

export function invoiceTotal(lines: readonly InvoiceLine[]): number {
  return sumCents(lines.map((line) => line.amountCents));
}

/** An invoice number: the year and a six-digit sequence of that year, "2026000123". */
export function invoiceNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`Not an invoice year: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`Not an invoice sequence: ${sequence}`);
  return `${year}${String(sequence).padStart(6, '0')}`;
}

/** The `count` numbers that follow `last` in `year`, in order. */
export function nextInvoiceNumbers(year: number, last: number, count: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Not a count: ${count}`);
  return Array.from({ length: count }, (_, i) => invoiceNumber(year, last + 1 + i));
}
