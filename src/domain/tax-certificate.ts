// Certificazione 730: what the intestatario paid in a calendar year for one child's school services.
// A payment counts in the year of the day it was made in Rome (31 Dec 23:30 Rome is that year, 1 Jan 00:30 the
// next), whatever period the document billed: the tax return deducts what was paid in the year (cash basis).
import { DateTime } from 'luxon';
import { romeDateOf, ZONE, type IsoDate } from './dates.ts';
import { assertCents, sumCents } from './money.ts';

/** How the money reached the Comune: a pagoPA receipt, an SDD collection, or the desk (sportello). */
export type TaxPaymentMethod = 'PAGOPA' | 'SDD' | 'DESK';

/** One payment as recorded, before it is split among the children it paid for. */
export interface RecordedPayment {
  /** the instant of a pagoPA receipt or a wallet movement, or the bank's day of an SDD collection */
  paidAt: Date | IsoDate;
  method: TaxPaymentMethod;
  /** the pagoPA receipt id, the SDD batch reference… whatever makes the payment traceable */
  reference: string | null;
  /** the document paid: an invoice number, or null for a wallet top-up */
  documentNumber: string | null;
  /** the invoice's period (YYYY-MM) or its description; for a top-up, what the movement says */
  period: string;
  /** signed: a refund of wallet credit is negative */
  amountCents: number;
  /** what each child's part of the document weighs (their lines' cents); one entry when the document is one child's */
  shares: readonly { studentId: string; weightCents: number }[];
}

export interface CertificateRow {
  paidOn: IsoDate;
  method: TaxPaymentMethod;
  reference: string | null;
  documentNumber: string | null;
  period: string;
  amountCents: number;
}

export interface ChildStatement {
  year: number;
  rows: CertificateRow[];
  totalCents: number;
}

/** The Rome calendar day of a payment. */
export function paidOnOf(paidAt: Date | IsoDate): IsoDate {
  return typeof paidAt === 'string' ? paidAt : romeDateOf(paidAt);
}

/** The instants [from, to) of a calendar year in Rome: what database queries select before the rule decides. */
export function romeYearBounds(year: number): { from: Date; to: Date } {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: ZONE });
  return { from: start.toJSDate(), to: start.plus({ years: 1 }).toJSDate() };
}

/**
 * Splits `amountCents` in proportion to the weights, to the cent, the leftover cents going to the largest
 * remainders (ties: the earlier entry), so the parts always add up to the amount.
 */
export function splitProportionally(amountCents: number, weights: readonly number[]): number[] {
  assertCents(amountCents);
  const positive = weights.map((w) => Math.max(0, w));
  const whole = sumCents(positive);
  if (whole === 0) return weights.map((_, i) => (i === 0 ? amountCents : 0));
  const sign = amountCents < 0 ? -1 : 1;
  const abs = Math.abs(amountCents);
  const exact = positive.map((w) => (abs * w) / whole);
  const parts = exact.map(Math.floor);
  let left = abs - sumCents(parts);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts.map((p) => p * sign);
}

/** The child's part of one payment: all of it on a one-child document, a share of it on a siblings' one. */
export function childPartOf(payment: RecordedPayment, studentId: string): number {
  const index = payment.shares.findIndex((s) => s.studentId === studentId);
  if (index < 0) return 0;
  return splitProportionally(
    payment.amountCents,
    payment.shares.map((s) => s.weightCents),
  )[index];
}

/** The certificate of one child and year: the year's payments in date order, the child's part of each, the total. */
export function childStatement(payments: readonly RecordedPayment[], studentId: string, year: number): ChildStatement {
  const rows = payments
    .map((p) => ({ p, paidOn: paidOnOf(p.paidAt), amountCents: childPartOf(p, studentId) }))
    .filter(({ paidOn, amountCents }) => paidOn.startsWith(`${year}-`) && amountCents !== 0)
    .sort((a, b) => a.paidOn.localeCompare(b.paidOn) || (a.p.documentNumber ?? '').localeCompare(b.p.documentNumber ?? ''))
    .map(({ p, paidOn, amountCents }) => ({
      paidOn,
      method: p.method,
      reference: p.reference,
      documentNumber: p.documentNumber,
      period: p.period,
      amountCents,
    }));
  return { year, rows, totalCents: sumCents(rows.map((r) => r.amountCents)) };
}

/** The calendar years (newest first) in which money was paid for the child: one certificate each. */
export function yearsWithPayments(payments: readonly RecordedPayment[], studentId: string): number[] {
  const years = new Set<number>();
  for (const p of payments) if (childPartOf(p, studentId) !== 0) years.add(Number(paidOnOf(p.paidAt).slice(0, 4)));
  return [...years].sort((a, b) => b - a);
}
