// Builders of the documents a monthly billing run issues: a family invoice of several siblings and a credit note.
import type { Db } from '../../src/db/client.ts';
import { mealLineLabel } from '../../src/domain/billing.ts';
import { italianMonth, toDbDate } from '../../src/domain/dates.ts';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { anInvoiceNumber } from './builders.ts';

export interface FamilyInvoiceChild {
  student: { id: string; firstName: string };
  /** the days a meal was charged, bland ones included */
  charged: string[];
  bland?: string[];
  /** absences communicated in time: linked to the invoice, not charged */
  cancelled?: string[];
}

/**
 * A monthly invoice of a billing run (November 2026 unless `period` says otherwise): no student of its own, one
 * meal line per child at `unitCents`, and each child's closed bookings linked to it (charged and cancelled ones).
 */
export async function aFamilyInvoice(
  prisma: Db,
  refs: { tenantId: string; guardianId: string },
  children: FamilyInvoiceChild[],
  overrides: Partial<Prisma.InvoiceUncheckedCreateInput> & { unitCents?: number } = {},
) {
  const { unitCents = 450, ...invoiceOverrides } = overrides;
  const period = invoiceOverrides.period ?? '2026-11';
  const month = italianMonth(`${period}-01`);
  // a child with no meal charged has no line, only their cancelled days
  const billed = children.filter((child) => child.charged.length > 0);
  const lines = billed.map((child, i) => ({
    tenantId: refs.tenantId,
    position: i + 1,
    studentId: child.student.id,
    description: `Refezione ${month} — ${child.student.firstName}: ${mealLineLabel(child.charged.length, unitCents)}`,
    quantity: child.charged.length,
    unitCents,
    amountCents: child.charged.length * unitCents,
  }));
  const invoice = await prisma.invoice.create({
    data: {
      ...refs,
      studentId: null,
      number: anInvoiceNumber(),
      issuedOn: toDbDate('2026-12-03'),
      dueOn: toDbDate('2026-12-31'),
      period,
      description: `Refezione scolastica — ${month}`,
      totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
      lines: { create: lines },
      ...invoiceOverrides,
    },
  });
  const closedAt = new Date('2026-12-01T20:00:00Z');
  await prisma.booking.createMany({
    data: children.flatMap((child) => [
      ...child.charged.map((day) => ({
        tenantId: refs.tenantId,
        studentId: child.student.id,
        date: toDbDate(day),
        status: child.bland?.includes(day) ? ('BLAND' as const) : ('PRESENT' as const),
        chargedCents: unitCents,
        closedAt,
        invoiceId: invoice.id,
      })),
      ...(child.cancelled ?? []).map((day) => ({
        tenantId: refs.tenantId,
        studentId: child.student.id,
        date: toDbDate(day),
        status: 'ABSENT' as const,
        chargedCents: 0,
        closedAt,
        invoiceId: invoice.id,
      })),
    ]),
  });
  return invoice;
}

/** A credit note reversing `amountCents` of one child's meals on an invoice: negative, never payable. */
export async function aCreditNote(
  prisma: Db,
  credited: { id: string; tenantId: string; guardianId: string; serviceId: string | null; period: string | null },
  refs: { studentId: string; amountCents: number },
  overrides: Partial<Prisma.InvoiceUncheckedCreateInput> = {},
) {
  return prisma.invoice.create({
    data: {
      tenantId: credited.tenantId,
      guardianId: credited.guardianId,
      serviceId: credited.serviceId,
      period: credited.period,
      kind: 'CREDIT_NOTE',
      creditedInvoiceId: credited.id,
      number: anInvoiceNumber(),
      issuedOn: toDbDate('2026-12-10'),
      dueOn: toDbDate('2026-12-10'),
      description: 'Storno pasti addebitati per errore',
      totalCents: -refs.amountCents,
      lines: {
        create: [
          {
            tenantId: credited.tenantId,
            position: 1,
            studentId: refs.studentId,
            description: 'Storno di 1 pasto del 5 novembre 2026 (assenza comunicata in tempo)',
            quantity: 1,
            unitCents: -refs.amountCents,
            amountCents: -refs.amountCents,
          },
        ],
      },
      ...overrides,
    },
  });
}
