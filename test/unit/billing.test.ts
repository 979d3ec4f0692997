import { describe, expect, it } from 'vitest';
import { invoiceNumber, mealLineLabel, nextInvoiceNumbers } from '../../src/domain/billing.ts';

describe('mealLineLabel', () => {
  it('uses singular and plural, with the euro amount', () => {
    expect(mealLineLabel(18, 450)).toBe('18 pasti × 4,50\u00a0€');
    expect(mealLineLabel(1, 450)).toBe('1 pasto × 4,50\u00a0€');
    expect(mealLineLabel(0, 450)).toBe('0 pasti × 4,50\u00a0€');
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
