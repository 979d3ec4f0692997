import { describe, expect, it } from 'vitest';
import { romeInstant } from '../../src/domain/dates.ts';
import {
  childStatement,
  romeYearBounds,
  splitProportionally,
  yearsWithPayments,
  type RecordedPayment,
} from '../../src/domain/tax-certificate.ts';

const ANNA = 'anna';
const LUCA = 'luca';

function payment(overrides: Partial<RecordedPayment>): RecordedPayment {
  return {
    paidAt: '2025-03-10',
    method: 'PAGOPA',
    reference: 'RT-1',
    documentNumber: '2025/000001',
    period: '2025-02',
    amountCents: 4_500,
    shares: [{ studentId: ANNA, weightCents: 4_500 }],
    ...overrides,
  };
}

describe('splitProportionally', () => {
  it('splits to the cent and the parts add up to the amount', () => {
    expect(splitProportionally(10_000, [1, 1, 1])).toEqual([3_334, 3_333, 3_333]);
    expect(splitProportionally(4_500, [3_000, 1_500])).toEqual([3_000, 1_500]);
    expect(splitProportionally(-101, [1, 1])).toEqual([-51, -50]);
  });

  it('gives a partial payment the same proportions as the document', () => {
    const parts = splitProportionally(1_000, [2_700, 1_800]);
    expect(parts).toEqual([600, 400]);
  });

  it('puts everything on the first share when no weight is positive', () => {
    expect(splitProportionally(500, [0, 0])).toEqual([500, 0]);
  });
});

describe('childStatement (the 730 rule)', () => {
  it('counts a payment in the Rome calendar year it was made: 31 Dec 23:30 in that year, 1 Jan 00:30 in the next', () => {
    const lastNight = payment({
      paidAt: romeInstant('2025-12-31', '23:30'),
      amountCents: 1_000,
      shares: [{ studentId: ANNA, weightCents: 1 }],
    });
    const newYear = payment({
      paidAt: romeInstant('2026-01-01', '00:30'),
      amountCents: 2_000,
      shares: [{ studentId: ANNA, weightCents: 1 }],
    });
    // in UTC the first is already 2025-12-31T22:30Z and the second 2025-12-31T23:30Z: both "2025" by UTC
    expect((newYear.paidAt as Date).toISOString().slice(0, 4)).toBe('2025');
    expect(childStatement([lastNight, newYear], ANNA, 2025).totalCents).toBe(1_000);
    expect(childStatement([lastNight, newYear], ANNA, 2026).totalCents).toBe(2_000);
  });

  it('lists the year’s payments in date order with the child’s part of a siblings’ document', () => {
    const family = payment({
      paidAt: '2025-05-02',
      method: 'SDD',
      reference: 'E2E-9',
      documentNumber: '2025/000040',
      amountCents: 7_200,
      shares: [
        { studentId: ANNA, weightCents: 4_500 },
        { studentId: LUCA, weightCents: 2_700 },
      ],
    });
    const topUp = payment({
      paidAt: romeInstant('2025-01-20', '19:10'),
      method: 'DESK',
      reference: null,
      documentNumber: null,
      amountCents: 5_000,
    });
    const statement = childStatement([family, topUp, payment({ paidAt: '2024-12-30' })], ANNA, 2025);
    expect(statement.rows.map((r) => [r.paidOn, r.method, r.amountCents])).toEqual([
      ['2025-01-20', 'DESK', 5_000],
      ['2025-05-02', 'SDD', 4_500],
    ]);
    expect(statement.totalCents).toBe(9_500);
    expect(childStatement([family], LUCA, 2025).totalCents).toBe(2_700);
  });

  it('subtracts a refund of wallet credit made in the year and ignores other children’s payments', () => {
    const refund = payment({ paidAt: '2025-07-01', amountCents: -1_200, documentNumber: null });
    const other = payment({ shares: [{ studentId: LUCA, weightCents: 1 }] });
    expect(childStatement([payment({}), refund, other], ANNA, 2025).totalCents).toBe(3_300);
  });

  it('names the years with payments, newest first', () => {
    const payments = [payment({ paidAt: '2024-02-01' }), payment({ paidAt: romeInstant('2025-12-31', '23:59') }), payment({})];
    expect(yearsWithPayments(payments, ANNA)).toEqual([2025, 2024]);
    expect(yearsWithPayments(payments, LUCA)).toEqual([]);
  });
});

describe('romeYearBounds', () => {
  it('starts and ends at Rome midnight (CET, UTC+1)', () => {
    const { from, to } = romeYearBounds(2025);
    expect(from.toISOString()).toBe('2024-12-31T23:00:00.000Z');
    expect(to.toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });
});
