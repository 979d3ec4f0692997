import { formatEuro } from './money.ts';

/** "18 pasti × 4,50 €" */
export function mealLineLabel(quantity: number, unitCents: number): string {
  return `${quantity} ${quantity === 1 ? 'pasto' : 'pasti'} × ${formatEuro(unitCents)}`;
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
