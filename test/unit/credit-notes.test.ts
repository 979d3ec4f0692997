import { describe, expect, it } from 'vitest';
import { creditableCents, creditRefusal, planCredit, type CreditableInvoice } from '../../src/domain/credit-notes.ts';

const invoice = (overrides: Partial<CreditableInvoice> = {}): CreditableInvoice => ({
  kind: 'SERVICE',
  state: 'ISSUED',
  totalCents: 8100,
  paidCents: 0,
  creditedCents: 0,
  directDebit: 'NONE',
  serviceId: 'service',
  ...overrides,
});
const lines = [
  { id: 'a', amountCents: 4500 },
  { id: 'b', amountCents: 3600 },
];
const amounts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('creditableCents', () => {
  it('is the total less the credit notes already issued', () => {
    expect(creditableCents(invoice())).toBe(8100);
    expect(creditableCents(invoice({ creditedCents: 8000 }))).toBe(100);
    expect(creditableCents(invoice({ creditedCents: 8100 }))).toBe(0);
  });
});

describe('planCredit', () => {
  it('lowers what is due on an unpaid invoice: partly paid by the credit, or settled when nothing is left', () => {
    expect(planCredit(invoice(), lines, amounts({ a: 900 }))).toEqual({
      ok: true,
      creditCents: 900,
      toInvoiceCents: 900,
      toAdjustmentCents: 0,
      paidCents: 900,
      state: 'PARTIALLY_PAID',
    });
    expect(planCredit(invoice(), lines, amounts({ a: 4500, b: 3600 }))).toMatchObject({
      toInvoiceCents: 8100,
      paidCents: 8100,
      state: 'PAID',
    });
  });

  it('gives back what a paid invoice already collected as an adjustment, leaving the invoice as it is', () => {
    expect(planCredit(invoice({ state: 'PAID', paidCents: 8100 }), lines, amounts({ b: 450 }))).toEqual({
      ok: true,
      creditCents: 450,
      toInvoiceCents: 0,
      toAdjustmentCents: 450,
      paidCents: 8100,
      state: 'PAID',
    });
  });

  it('splits a credit larger than what is left to pay on a partly paid invoice', () => {
    expect(planCredit(invoice({ state: 'PARTIALLY_PAID', paidCents: 6000 }), lines, amounts({ a: 3000 }))).toMatchObject({
      toInvoiceCents: 2100,
      toAdjustmentCents: 900,
      paidCents: 8100,
      state: 'PAID',
    });
  });

  it('refuses more than the invoice total less the credits already issued', () => {
    const plan = planCredit(invoice({ creditedCents: 8000 }), lines, amounts({ a: 450 }));
    expect(plan).toMatchObject({ ok: false, field: 'importo-a' });
    expect(!plan.ok && plan.message).toMatch(/ancora stornare per 1,00/);
  });

  it('refuses a line credited beyond its amount, a negative amount and an empty choice', () => {
    expect(planCredit(invoice(), lines, amounts({ b: 3700 }))).toMatchObject({ ok: false, field: 'importo-b' });
    expect(planCredit(invoice(), lines, amounts({ a: -1 }))).toMatchObject({ ok: false, field: 'importo-a' });
    expect(planCredit(invoice(), lines, amounts({}))).toMatchObject({ ok: false, message: /almeno una riga/ });
  });

  it('refuses a credit note, a cancelled invoice, one in collection at the bank, and one fully credited', () => {
    expect(creditRefusal(invoice({ kind: 'CREDIT_NOTE' }))).toMatch(/nota di credito/);
    expect(creditRefusal(invoice({ state: 'CANCELLED' }))).toMatch(/annullato/);
    expect(creditRefusal(invoice({ directDebit: 'IN_COLLECTION' }))).toMatch(/addebito SEPA/);
    expect(creditRefusal(invoice({ creditedCents: 8100 }))).toMatch(/per intero/);
    expect(creditRefusal(invoice({ directDebit: 'RETURNED' }))).toBeNull();
  });

  it('refuses to send money already paid on a document of no service anywhere', () => {
    const opening = invoice({ kind: 'OPENING_BALANCE', serviceId: null, state: 'PARTIALLY_PAID', paidCents: 8000 });
    expect(planCredit(opening, lines, amounts({ a: 100 }))).toMatchObject({ ok: true, toInvoiceCents: 100, toAdjustmentCents: 0 });
    expect(planCredit(opening, lines, amounts({ a: 101 }))).toMatchObject({ ok: false, message: /fuori dal portale/ });
  });
});
