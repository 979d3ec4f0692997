import { describe, expect, it } from 'vitest';
import {
  invoiceNumber,
  invoiceTotal,
  mealLineLabel,
  monthlyInvoiceLines,
  nextInvoiceNumbers,
  type MealCharge,
} from '../../src/domain/billing.ts';

const charge = (studentName: string, day: string, amountCents: number, kind: MealCharge['kind'] = 'PRESENT') => ({
  studentName,
  day,
  amountCents,
  kind,
});

describe('mealLineLabel', () => {
  it('uses singular and plural, with the euro amount', () => {
    expect(mealLineLabel(18, 450)).toBe('18 pasti × 4,50\u00a0€');
    expect(mealLineLabel(1, 450)).toBe('1 pasto × 4,50\u00a0€');
    expect(mealLineLabel(0, 450)).toBe('0 pasti × 4,50\u00a0€');
  });
});

describe('monthlyInvoiceLines', () => {
  const charges = [
    charge('Mario Rossi', '2026-10-01', 450),
    charge('Mario Rossi', '2026-10-02', 450, 'BLAND'),
    charge('Mario Rossi', '2026-10-05', 450),
    charge('Anna Rossi', '2026-10-01', 315),
    charge('Anna Rossi', '2026-10-02', 315),
    charge('Mario Rossi', '2026-10-30', 500), // the tariff changed at the end of the month
    charge('Mario Rossi', '2026-09-30', 450), // another month
    charge('Mario Rossi', '2026-11-02', 450), // another month
  ];

  it('groups by student and unit price, in name order', () => {
    expect(monthlyInvoiceLines(charges, '2026-10')).toEqual([
      { description: 'Refezione ottobre 2026 — Anna Rossi', quantity: 2, unitCents: 315, amountCents: 630 },
      { description: 'Refezione ottobre 2026 — Mario Rossi', quantity: 1, unitCents: 500, amountCents: 500 },
      { description: 'Refezione ottobre 2026 — Mario Rossi', quantity: 3, unitCents: 450, amountCents: 1350 },
    ]);
  });

  it('totals the lines', () => {
    expect(invoiceTotal(monthlyInvoiceLines(charges, '2026-10'))).toBe(2480);
    expect(invoiceTotal([])).toBe(0);
  });

  it('is empty for a month without meals', () => {
    expect(monthlyInvoiceLines(charges, '2026-12')).toEqual([]);
  });

  it('names the month in Italian', () => {
    expect(monthlyInvoiceLines([charge('Luca Bianchi', '2027-01-11', 400)], '2027-01')[0].description).toBe(
      'Refezione gennaio 2027 — Luca Bianchi',
    );
  });

  it('refuses a malformed month or a fractional amount', () => {
    expect(() => monthlyInvoiceLines(charges, '2026-13')).toThrow(RangeError);
    expect(() => monthlyInvoiceLines(charges, '2026-1')).toThrow(RangeError);
    expect(() => monthlyInvoiceLines([charge('Mario Rossi', '2026-10-01', 4.5)], '2026-10')).toThrow(RangeError);
  });
});

describe('invoice numbers', () => {
  it('are the year and a six-digit sequence', () => {
    expect(invoiceNumber(2026, 1)).toBe('2026000001');
    expect(invoiceNumber(2026, 999_999)).toBe('2026999999');
  });

  it('refuse a sequence out of range or a year that is not one', () => {
    expect(() => invoiceNumber(2026, 0)).toThrow(RangeError);
    expect(() => invoiceNumber(2026, 1_000_000)).toThrow(RangeError);
    expect(() => invoiceNumber(26, 1)).toThrow(RangeError);
  });

  it('follow the last one without a gap', () => {
    expect(nextInvoiceNumbers(2026, 104, 3)).toEqual(['2026000105', '2026000106', '2026000107']);
    expect(nextInvoiceNumbers(2026, 104, 0)).toEqual([]);
  });
});
