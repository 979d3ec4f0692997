import { describe, expect, it } from 'vitest';
import { familyInvoiceLines, linesTotal } from '../../src/domain/billing-run.ts';
import {
  childrenNames,
  childShareCents,
  daysOf,
  formatDayList,
  invoiceDaysByStudent,
  type InvoicedBooking,
} from '../../src/domain/invoice-days.ts';

const LUCA = 'luca';
const SARA = 'sara';
const booking = (studentId: string, day: string, status: InvoicedBooking['status'], chargedCents: number | null): InvoicedBooking => ({
  studentId,
  day,
  status,
  chargedCents,
});

describe('invoiceDaysByStudent', () => {
  const bookings = [
    booking(LUCA, '2026-11-05', 'PRESENT', 450),
    booking(LUCA, '2026-11-03', 'PRESENT', 450),
    booking(LUCA, '2026-11-04', 'BLAND', 450),
    booking(LUCA, '2026-11-06', 'ABSENT', 0),
    booking(LUCA, '2026-11-09', 'ABSENT', null),
    // cancelled after the cutoff: charged anyway, so a charged day and not a cancelled one
    booking(LUCA, '2026-11-10', 'ABSENT', 450),
    booking(SARA, '2026-11-03', 'PRESENT', 360),
    booking(SARA, '2026-11-04', 'ABSENT', 0),
  ];
  const days = invoiceDaysByStudent(bookings);

  it('lists per child the days charged (bland ones among them) and the days cancelled, sorted', () => {
    expect(daysOf(days, LUCA)).toEqual({
      charged: ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-10'],
      bland: ['2026-11-04'],
      cancelled: ['2026-11-06', '2026-11-09'],
    });
    expect(daysOf(days, SARA)).toEqual({ charged: ['2026-11-03'], bland: [], cancelled: ['2026-11-04'] });
  });

  it('never lists a cancelled day among the charged ones, nor twice', () => {
    for (const child of [LUCA, SARA]) {
      const { charged, cancelled } = daysOf(days, child);
      expect(charged.filter((day) => cancelled.includes(day))).toEqual([]);
      expect(new Set(charged).size).toBe(charged.length);
    }
  });

  it('lists exactly the closed days charged, whose count × price is the amount the monthly line bills', () => {
    const charges = bookings
      .filter((b) => b.studentId === LUCA && (b.chargedCents ?? 0) > 0)
      .map((b) => ({ studentName: 'Luca', day: b.day, amountCents: b.chargedCents!, kind: 'PRESENT' as const }));
    // the run groups a child's charged meals by price, as charges.ts does in SQL
    const byPrice = new Map<number, number>();
    for (const c of charges) byPrice.set(c.amountCents, (byPrice.get(c.amountCents) ?? 0) + 1);
    const groups = [...byPrice].map(([unitCents, quantity]) => ({ kind: 'MEAL' as const, unitCents, quantity }));
    const lines = familyInvoiceLines('Refezione', '2026-11', [{ studentId: LUCA, studentName: 'Luca', groups }]);
    expect(daysOf(days, LUCA).charged).toEqual(charges.map((c) => c.day).sort());
    expect(lines).toHaveLength(1);
    expect(lines[0].quantity).toBe(daysOf(days, LUCA).charged.length);
    expect(linesTotal(lines)).toBe(daysOf(days, LUCA).charged.length * 450);
  });

  it('gives a child with no bookings no days', () => {
    expect(daysOf(days, 'nobody')).toEqual({ charged: [], bland: [], cancelled: [] });
    expect(invoiceDaysByStudent([]).size).toBe(0);
  });
});

describe('formatDayList', () => {
  it('groups the days by month, months in order, days in order', () => {
    expect(formatDayList(['2026-11-10', '2026-11-03', '2026-11-04'])).toBe('3, 4, 10 novembre 2026');
    expect(formatDayList(['2026-12-01', '2026-11-30', '2027-01-07', '2026-12-02'])).toBe(
      '30 novembre 2026; 1, 2 dicembre 2026; 7 gennaio 2027',
    );
  });

  it('says each day once and nothing for no days', () => {
    expect(formatDayList(['2026-11-03', '2026-11-03'])).toBe('3 novembre 2026');
    expect(formatDayList([])).toBe('');
  });
});

describe('childrenNames', () => {
  it('names siblings with one surname once, others in full', () => {
    expect(
      childrenNames([
        { firstName: 'Luca', lastName: 'Lombardi' },
        { firstName: 'Sara', lastName: 'Lombardi' },
      ]),
    ).toBe('Luca e Sara Lombardi');
    expect(
      childrenNames([
        { firstName: 'Luca', lastName: 'Rossi' },
        { firstName: 'Sara', lastName: 'Bianchi' },
        { firstName: 'Ugo', lastName: 'Neri' },
      ]),
    ).toBe('Luca Rossi, Sara Bianchi e Ugo Neri');
    expect(childrenNames([{ firstName: 'Luca', lastName: 'Rossi' }])).toBe('Luca Rossi');
    expect(childrenNames([])).toBe('');
  });
});

describe('childShareCents', () => {
  const lines = [
    { studentId: LUCA, amountCents: 5400 },
    { studentId: SARA, amountCents: 3600 },
  ];
  it("is the child's lines while nothing is paid, and shares what is left of a partly paid invoice", () => {
    expect(childShareCents({ totalCents: 9000, paidCents: 0, lines }, LUCA)).toBe(5400);
    expect(childShareCents({ totalCents: 9000, paidCents: 4500, lines }, SARA)).toBe(1800);
    expect(childShareCents({ totalCents: 9000, paidCents: 9000, lines }, LUCA)).toBe(0);
    expect(childShareCents({ totalCents: 9000, paidCents: 0, lines }, 'nobody')).toBe(0);
  });
});
