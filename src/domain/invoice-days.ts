// How an invoice explains itself meal by meal: from the closed bookings linked to it, per child, the days
// charged (bland meals among them) and the days cancelled in time, which cost nothing.
import { monthIn, type IsoDate } from './dates.ts';

export interface InvoicedBooking {
  studentId: string;
  day: IsoDate;
  status: 'PRESENT' | 'ABSENT' | 'BLAND';
  chargedCents: number | null;
}

export interface ChildDays {
  /** every day a meal was charged, bland ones included */
  charged: IsoDate[];
  /** the charged days whose meal was a pasto in bianco */
  bland: IsoDate[];
  /** days cancelled (absence communicated) and not charged */
  cancelled: IsoDate[];
}

const EMPTY: ChildDays = { charged: [], bland: [], cancelled: [] };

/**
 * Per child, the invoice's days. A day counts as charged only when an amount was charged for it: a late
 * cancellation that was charged anyway is a charged day, never a cancelled one. Lists are sorted, no repeats.
 */
export function invoiceDaysByStudent(bookings: readonly InvoicedBooking[]): Map<string, ChildDays> {
  const sets = new Map<string, { charged: Set<IsoDate>; bland: Set<IsoDate>; cancelled: Set<IsoDate> }>();
  for (const booking of bookings) {
    const days = sets.get(booking.studentId) ?? { charged: new Set(), bland: new Set(), cancelled: new Set() };
    sets.set(booking.studentId, days);
    if ((booking.chargedCents ?? 0) > 0) {
      days.charged.add(booking.day);
      if (booking.status === 'BLAND') days.bland.add(booking.day);
    } else if (booking.status === 'ABSENT') {
      days.cancelled.add(booking.day);
    }
  }
  const sorted = (set: Set<IsoDate>) => [...set].sort();
  const result = new Map<string, ChildDays>();
  for (const [studentId, days] of sets) {
    const charged = sorted(days.charged);
    result.set(studentId, {
      charged,
      bland: sorted(days.bland),
      cancelled: sorted(days.cancelled).filter((day) => !days.charged.has(day)),
    });
  }
  return result;
}

/** The days of one child, or none when the invoice links no booking of theirs (seeded and flat-fee invoices). */
export function daysOf(byStudent: Map<string, ChildDays>, studentId: string): ChildDays {
  return byStudent.get(studentId) ?? EMPTY;
}

/**
 * A compact list of days grouped by month, months in order, month names in a language (Italian unless told):
 * "3, 4, 5, 10 novembre 2026; 1, 2 dicembre 2026", "3, 4 November 2026". Empty for no days.
 */
export function formatDayList(days: readonly IsoDate[], locale = 'it'): string {
  const months = new Map<string, number[]>();
  for (const day of [...new Set(days)].sort()) {
    const month = day.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), Number(day.slice(8, 10))]);
  }
  return [...months].map(([month, numbers]) => `${numbers.join(', ')} ${monthIn(`${month}-01`, locale)}`).join('; ');
}

/** "Luca e Sara Lombardi" for siblings sharing a surname, "Luca Rossi e Sara Bianchi" otherwise; "" for nobody. */
export function childrenNames(children: readonly { firstName: string; lastName: string }[]): string {
  const join = (parts: string[]) => (parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} e ${parts[parts.length - 1]}`);
  if (children.length === 0) return '';
  const surnames = new Set(children.map((c) => c.lastName));
  if (surnames.size === 1 && children.length > 1) return `${join(children.map((c) => c.firstName))} ${children[0].lastName}`;
  return join(children.map((c) => `${c.firstName} ${c.lastName}`));
}

/**
 * What of an invoice's outstanding amount concerns one child: the share of the total their lines make, applied
 * to what is still due and rounded to the cent (a partly paid family invoice is owed by all its children).
 */
export function childShareCents(
  invoice: { totalCents: number; paidCents: number; lines: readonly { studentId: string | null; amountCents: number }[] },
  studentId: string,
): number {
  const due = invoice.totalCents - invoice.paidCents;
  if (invoice.totalCents <= 0) return 0;
  const own = invoice.lines.filter((l) => l.studentId === studentId).reduce((sum, l) => sum + l.amountCents, 0);
  return Math.round((due * own) / invoice.totalCents);
}
