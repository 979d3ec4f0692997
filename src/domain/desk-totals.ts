import { sumCents } from './money.ts';

export interface DeskTakings {
  cashierName: string;
  method: 'CASH' | 'POS';
  amountCents: number;
}

export interface MethodTotal {
  count: number;
  cents: number;
}

export interface CashierTotals {
  cashierName: string;
  byMethod: Record<'CASH' | 'POS', MethodTotal>;
  totalCents: number;
}

const empty = (): Record<'CASH' | 'POS', MethodTotal> => ({ CASH: { count: 0, cents: 0 }, POS: { count: 0, cents: 0 } });

/**
 * The cash closing of a desk day: per cashier (in name order) and per method, and for the whole desk. Cash is
 * counted apart from POS because only cash goes into the drawer.
 */
export function deskDayTotals(takings: readonly DeskTakings[]): {
  cashiers: CashierTotals[];
  byMethod: Record<'CASH' | 'POS', MethodTotal>;
  totalCents: number;
} {
  const cashiers = new Map<string, CashierTotals>();
  const byMethod = empty();
  for (const taking of takings) {
    let cashier = cashiers.get(taking.cashierName);
    if (!cashier) {
      cashier = { cashierName: taking.cashierName, byMethod: empty(), totalCents: 0 };
      cashiers.set(taking.cashierName, cashier);
    }
    for (const bucket of [cashier.byMethod[taking.method], byMethod[taking.method]]) {
      bucket.count++;
      bucket.cents += taking.amountCents;
    }
    cashier.totalCents += taking.amountCents;
  }
  return {
    cashiers: [...cashiers.values()].sort((a, b) => a.cashierName.localeCompare(b.cashierName, 'it')),
    byMethod,
    totalCents: sumCents(takings.map((t) => t.amountCents)),
  };
}
