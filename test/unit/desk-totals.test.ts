import { describe, expect, it } from 'vitest';
import { deskDayTotals } from '../../src/domain/desk-totals.ts';

describe('deskDayTotals', () => {
  it('totals a day per cashier and per method', () => {
    const totals = deskDayTotals([
      { cashierName: 'Rossi', method: 'CASH', amountCents: 4550 },
      { cashierName: 'Bianchi', method: 'POS', amountCents: 2000 },
      { cashierName: 'Rossi', method: 'POS', amountCents: 1000 },
      { cashierName: 'Rossi', method: 'CASH', amountCents: 50 },
    ]);
    expect(totals.totalCents).toBe(7600);
    expect(totals.byMethod).toEqual({ CASH: { count: 2, cents: 4600 }, POS: { count: 2, cents: 3000 } });
    expect(totals.cashiers.map((c) => [c.cashierName, c.totalCents, c.byMethod.CASH.cents, c.byMethod.POS.cents])).toEqual([
      ['Bianchi', 2000, 0, 2000],
      ['Rossi', 5600, 4600, 1000],
    ]);
  });

  it('an empty day is all zeros', () => {
    expect(deskDayTotals([])).toEqual({
      cashiers: [],
      byMethod: { CASH: { count: 0, cents: 0 }, POS: { count: 0, cents: 0 } },
      totalCents: 0,
    });
  });
});
