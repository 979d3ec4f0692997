// Documenti contabili: monthly invoices of the post-paid Comune (canteen and school bus), the enrollment fee of
// the prepaid one, each with its pagoPA notice (and receipt when paid).
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { addDays, italianMonth, romeDateOf, romeInstant, toDbDate, type IsoDate } from '../../src/domain/dates.ts';
import { returnReasonText } from '../../src/domain/sepa.ts';
import { mealLineLabel } from '../../src/domain/billing.ts';
import { dbDate } from './days.ts';
import { minDate, notAfterNow, type SeedContext } from './context.ts';
import type { PlannedBooking } from './bookings.ts';
import type { SeededStudent } from './families.ts';
import type { PaymentHabit } from './families-data.ts';
import { PaymentBatch } from './payments.ts';

interface Line {
  description: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
}

interface InvoicePlan {
  id: string;
  student: SeededStudent;
  serviceId: string;
  period: string | null;
  description: string;
  issuedOn: IsoDate;
  dueOn: IsoDate;
  lines: Line[];
  paidAt: Date | null;
  sentToCollectionOn: IsoDate | null;
  /** collected by direct debit (SDD): no pagoPA notice, unless the parent pays spontaneously later */
  directDebit?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
}

const lastDayOf = (month: string): IsoDate => addDays(`${nextMonth(month)}-01`, -1);

/**
 * Months of the school year already invoiced (dated the 5th of the next one). A month over less than two weeks ago
 * is left for the office's billing run, so a person trying the demo in the first half of a month can run it.
 */
function monthsToInvoice(today: IsoDate): string[] {
  const months: string[] = [];
  for (let m = '2026-09'; m <= '2027-06' && `${nextMonth(m)}-15` <= today; m = nextMonth(m)) months.push(m);
  return months;
}

function issueDates(month: string, today: IsoDate): { issuedOn: IsoDate; dueOn: IsoDate } {
  const issuedOn = minDate(`${nextMonth(month)}-05`, today);
  return { issuedOn, dueOn: lastDayOf(issuedOn.slice(0, 7)) };
}

/** When a family that pays did pay: a few days after the invoice, never after the seed's "now". */
function paymentInstant(ctx: SeedContext, issuedOn: IsoDate): Date | null {
  const at = romeInstant(addDays(issuedOn, ctx.rng.int(2, 18)), `${ctx.rng.int(8, 21)}:${pad(ctx.rng.int(0, 59))}`);
  return at.getTime() <= ctx.now.getTime() ? at : null;
}

function total(plan: InvoicePlan): number {
  return plan.lines.reduce((sum, l) => sum + l.amountCents, 0);
}

/** Post-paid Comune: one invoice per student, service and month; the charged bookings point at it. */
export async function createPostpaidInvoices(
  ctx: SeedContext,
  students: readonly SeededStudent[],
  bookings: PlannedBooking[],
): Promise<number> {
  const months = monthsToInvoice(ctx.today);
  const plans: InvoicePlan[] = [];
  for (const student of students) {
    const habit: PaymentHabit = student.spec.payment ?? student.family.payment ?? 'ALL';
    const directDebit = student.guardian.spec.paymentMethod === 'SDD';
    const isPaid = (month: string) => habit === 'ALL' || (habit === 'ALL_BUT_LAST' && month !== months[months.length - 1]);
    for (const month of months) {
      const label = italianMonth(`${month}-01`);
      const { issuedOn, dueOn } = issueDates(month, ctx.today);
      // the invoice explains itself day by day: every closed day of the month points at it, charged or not
      const closed = bookings.filter((b) => b.student === student && b.closedAt && b.day.startsWith(month));
      const charged = closed.filter((b) => (b.chargedCents ?? 0) > 0);
      if (charged.length) {
        const id = randomUUID();
        const byPrice = new Map<number, number>();
        for (const b of closed) b.invoiceId = id;
        for (const b of charged) byPrice.set(b.chargedCents!, (byPrice.get(b.chargedCents!) ?? 0) + 1);
        plans.push({
          id,
          student,
          serviceId: ctx.canteenServiceId,
          period: month,
          description: `Refezione scolastica — ${label}`,
          issuedOn,
          dueOn,
          lines: [...byPrice].map(([unitCents, quantity]) => ({
            description: `Refezione ${label} — ${mealLineLabel(quantity, unitCents)}`,
            quantity,
            unitCents,
            amountCents: quantity * unitCents,
          })),
          paidAt: isPaid(month) ? paymentInstant(ctx, issuedOn) : null,
          sentToCollectionOn: null,
          directDebit,
        });
      }
      if (student.spec.bus && ctx.busServiceId && ctx.busTariff) {
        const fee = ctx.busTariff.amountCents;
        plans.push({
          id: randomUUID(),
          student,
          serviceId: ctx.busServiceId,
          period: month,
          description: `Trasporto scolastico — ${label}`,
          issuedOn,
          dueOn,
          lines: [{ description: `Abbonamento trasporto scolastico ${label}`, quantity: 1, unitCents: fee, amountCents: fee }],
          paidAt: isPaid(month) ? paymentInstant(ctx, issuedOn) : null,
          sentToCollectionOn: null,
          directDebit,
        });
      }
    }
    // a family that never pays also left May 2026 unpaid: by now it has been sent to coercive collection
    if (student.family.payment === 'NONE' && student.siblingRank === 1) {
      plans.push({
        id: randomUUID(),
        student,
        serviceId: ctx.canteenServiceId,
        period: '2026-05',
        description: 'Refezione scolastica — maggio 2026 (A.S. 2025/2026)',
        issuedOn: '2026-06-05',
        dueOn: '2026-06-30',
        lines: [{ description: `Refezione maggio 2026 — ${mealLineLabel(16, 450)}`, quantity: 16, unitCents: 450, amountCents: 7200 }],
        paidAt: null,
        sentToCollectionOn: minDate('2026-10-15', ctx.yesterday),
      });
    }
  }
  await storeInvoices(ctx, plans);
  return plans.length;
}

/** Prepaid Comune: the yearly enrollment fee of the demo family, one paid and one still to pay. */
export async function createEnrollmentFees(ctx: SeedContext, students: readonly SeededStudent[]): Promise<number> {
  const family = students[0]?.family;
  const children = students.filter((s) => s.family === family);
  const plans: InvoicePlan[] = children.map((student, i) => ({
    id: randomUUID(),
    student,
    serviceId: ctx.canteenServiceId,
    period: null,
    description: 'Quota iscrizione servizio mensa 2026/2027',
    issuedOn: '2026-09-01',
    dueOn: '2026-09-30',
    lines: [
      { description: `Quota iscrizione servizio mensa 2026/2027 — ${student.name}`, quantity: 1, unitCents: 3000, amountCents: 3000 },
    ],
    paidAt: i === 0 ? notAfterNow(ctx, romeInstant('2026-09-08', '10:24')) : null,
    sentToCollectionOn: null,
  }));
  await storeInvoices(ctx, plans);
  return plans.length;
}

function nextInvoiceNumber(ctx: SeedContext, issuedOn: IsoDate): string {
  const year = issuedOn.slice(0, 4);
  const seq = ctx.invoiceSeq.get(year) ?? 101;
  ctx.invoiceSeq.set(year, seq + 1);
  return `${year}${String(seq).padStart(6, '0')}`;
}

/** A direct-debit invoice already went to the bank: paid ones were collected, the unpaid one came back (insoluto). */
function directDebitOutcome(ctx: SeedContext, plan: InvoicePlan): Partial<Prisma.InvoiceCreateManyInput> {
  if (plan.paidAt) return { directDebit: 'COLLECTED', directDebitOn: toDbDate(romeDateOf(plan.paidAt)) };
  return {
    directDebit: 'RETURNED',
    directDebitOn: toDbDate(minDate(addDays(plan.issuedOn, 20), ctx.yesterday)),
    directDebitReason: returnReasonText('AM04'),
  };
}

async function storeInvoices(ctx: SeedContext, plans: InvoicePlan[]): Promise<void> {
  plans.sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.student.badgeNumber.localeCompare(b.student.badgeNumber));
  const invoices: Prisma.InvoiceCreateManyInput[] = [];
  const lines: Prisma.InvoiceLineCreateManyInput[] = [];
  const batch = new PaymentBatch(ctx);
  for (const plan of plans) {
    const number = nextInvoiceNumber(ctx, plan.issuedOn);
    const amount = total(plan);
    const createdAt = notAfterNow(ctx, romeInstant(plan.issuedOn, '08:00'));
    invoices.push({
      id: plan.id,
      tenantId: ctx.tenant.id,
      number,
      issuedOn: dbDate(plan.issuedOn),
      dueOn: dbDate(plan.dueOn),
      guardianId: plan.student.guardian.id,
      studentId: plan.student.id,
      serviceId: plan.serviceId,
      period: plan.period,
      description: plan.description,
      totalCents: amount,
      paidCents: plan.paidAt ? amount : 0,
      state: plan.paidAt ? 'PAID' : 'ISSUED',
      sentToCollectionOn: plan.sentToCollectionOn ? toDbDate(plan.sentToCollectionOn) : null,
      ...(plan.directDebit ? directDebitOutcome(ctx, plan) : {}),
      createdAt,
    });
    plan.lines.forEach((line, position) => lines.push({ tenantId: ctx.tenant.id, invoiceId: plan.id, position: position + 1, ...line }));
    if (plan.directDebit) continue;
    batch.add({
      purpose: 'INVOICE',
      amountCents: amount,
      subject: `${plan.description} — ${plan.student.name} (doc. n. ${number})`,
      dueOn: plan.dueOn,
      debtor: {
        fiscalCode: plan.student.guardian.fiscalCode,
        name: plan.student.guardian.name,
        isCompany: plan.student.guardian.spec.isCompany,
      },
      studentId: plan.student.id,
      createdAt,
      paidAt: plan.paidAt,
      invoices: [{ id: plan.id, amountCents: amount }],
    });
  }
  if (invoices.length) await ctx.tx.invoice.createMany({ data: invoices });
  if (lines.length) await ctx.tx.invoiceLine.createMany({ data: lines });
  await batch.flush();
}
