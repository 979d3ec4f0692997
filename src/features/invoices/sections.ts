// An invoice as parents read it: one section per child (their lines and their days) whether the invoice is a
// one-child document (studentId set) or a monthly family invoice (a line group per child, studentId null).
import { fromDbDate } from '../../domain/dates.ts';
import { childrenNames, daysOf, formatDayList, invoiceDaysByStudent, type ChildDays } from '../../domain/invoice-days.ts';

interface Named {
  id: string;
  firstName: string;
  lastName: string;
}

/** Who an invoice is for, as a list row shows it: the child, or the siblings of a family invoice. */
export function invoiceChildrenNames(invoice: { student: Named | null; lines: { student: Named | null }[] }): string {
  if (invoice.student) return `${invoice.student.firstName} ${invoice.student.lastName}`;
  const seen = new Map<string, Named>();
  for (const line of invoice.lines) if (line.student && !seen.has(line.student.id)) seen.set(line.student.id, line.student);
  return childrenNames([...seen.values()]);
}

interface SectionLine<S> {
  studentId: string | null;
  student: S | null;
}

interface SectionInput<S extends Named, L extends SectionLine<S>> {
  studentId: string | null;
  student: S | null;
  lines: L[];
  bookings: { studentId: string; date: Date; status: 'PRESENT' | 'ABSENT' | 'BLAND'; chargedCents: number | null; student: S }[];
}

export interface ChildSection<S, L> {
  student: S;
  lines: L[];
  subtotalCents: number;
  days: ChildDays;
  /** the same days as compact lists in the page's language ("3, 4, 5 novembre 2026"), empty when there are none */
  lists: { charged: string; bland: string; cancelled: string };
}

/** Lines grouped by child in the order they first appear; lines for nobody in particular stay family-wide. */
export function invoiceSections<S extends Named, L extends SectionLine<S> & { amountCents: number }>(
  invoice: SectionInput<S, L>,
  locale: string,
) {
  const byStudent = invoiceDaysByStudent(invoice.bookings.map((b) => ({ ...b, day: fromDbDate(b.date) })));
  const groups = new Map<string, { student: S; lines: L[] }>();
  if (invoice.student) groups.set(invoice.student.id, { student: invoice.student, lines: [] });
  const familyLines: L[] = [];
  for (const line of invoice.lines) {
    // a one-child document's lines are that child's even when the line names nobody (seeded and older ones)
    const student = line.student ?? (line.studentId === null ? invoice.student : null);
    if (!student) {
      familyLines.push(line);
      continue;
    }
    const group = groups.get(student.id) ?? { student, lines: [] };
    group.lines.push(line);
    groups.set(student.id, group);
  }
  // a child the invoice bills nothing for (every meal cancelled) still gets a section: it says which days
  for (const booking of invoice.bookings) {
    if (!groups.has(booking.studentId)) groups.set(booking.studentId, { student: booking.student, lines: [] });
  }
  const children: ChildSection<S, L>[] = [...groups.values()].map(({ student, lines }) => {
    const days = daysOf(byStudent, student.id);
    return {
      student,
      lines,
      subtotalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
      days,
      lists: {
        charged: formatDayList(days.charged, locale),
        bland: formatDayList(days.bland, locale),
        cancelled: formatDayList(days.cancelled, locale),
      },
    };
  });
  return { children, familyLines };
}
