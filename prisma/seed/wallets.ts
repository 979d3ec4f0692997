// Prepaid Comune: one canteen wallet per student; an opening balance or first top-up, 50 € top-ups whenever
// the credit runs low, and one MEAL debit per charged booking. Profiles: NORMAL ends with at least three meals of
// credit, LOW with less than three, NEGATIVE in debt.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { italianDate, plusDays, romeAt } from './days.ts';
import { notAfterNow, SYSTEM_ACTOR, type SeedContext } from './context.ts';
import type { PlannedBooking } from './bookings.ts';
import type { SeededStudent } from './families.ts';
import { PaymentBatch } from './payments.ts';

const TOP_UP_CENTS = 5000;
const pad = (n: number) => String(n).padStart(2, '0');

export async function createWallets(
  ctx: SeedContext,
  students: readonly SeededStudent[],
  bookings: readonly PlannedBooking[],
  /** the desk clerk who takes top-ups at the counter, as the app labels staff: by full name */
  cashier: string,
): Promise<{ wallets: number; movements: number; balances: Map<string, number> }> {
  const tenantId = ctx.tenant.id;
  const wallets: Prisma.WalletCreateManyInput[] = [];
  const movements: Prisma.WalletMovementCreateManyInput[] = [];
  const balances = new Map<string, number>();
  const batch = new PaymentBatch(ctx);

  for (const student of students) {
    const walletId = randomUUID();
    wallets.push({ id: walletId, tenantId, studentId: student.id, serviceId: ctx.canteenServiceId });
    const price = student.mealCents;
    const profile = student.spec.wallet ?? 'NORMAL';
    const charges = bookings
      .filter((b) => b.student === student && b.closedAt && (b.chargedCents ?? 0) > 0)
      .sort((a, b) => a.day.localeCompare(b.day));
    const spent = charges.reduce((sum, b) => sum + b.chargedCents!, 0);
    const channel = student.family.topUps ?? 'PAGOPA';

    const topUp = (at: Date, amountCents: number) => {
      let receiptId: string | null = null;
      let description = 'Ricarica allo sportello';
      let createdBy = cashier;
      if (channel === 'SDD') {
        description = 'Ricarica con addebito diretto SDD';
        createdBy = SYSTEM_ACTOR;
      } else if (channel === 'PAGOPA') {
        const paid = batch.add({
          purpose: 'TOP_UP',
          amountCents,
          subject: `Ricarica conto mensa — ${student.name} (badge ${student.badgeNumber})`,
          dueOn: null,
          debtor: { fiscalCode: student.guardian.fiscalCode, name: student.guardian.name, isCompany: student.guardian.spec.isCompany },
          studentId: student.id,
          walletId,
          createdAt: new Date(at.getTime() - 4 * 60_000),
          paidAt: at,
        });
        receiptId = paid.receiptId;
        description = `Ricarica pagoPA (IUV ${paid.iuv})`;
        createdBy = 'pagoPA';
      }
      movements.push({ tenantId, walletId, occurredAt: at, kind: 'TOP_UP', amountCents, description, receiptId, createdBy });
    };

    // how much the child starts with, and how many 50 € top-ups the family will make
    let topUpsLeft = Number.POSITIVE_INFINITY;
    let opening: number;
    let threshold = 2 * price;
    if (profile === 'NORMAL') {
      opening = student.spec.carriedOver ? ctx.rng.int(3, 30) * 100 + ctx.rng.int(0, 9) * 10 : 0;
    } else {
      const target = profile === 'LOW' ? price + Math.floor(price / 2) : -(2 * price + ctx.rng.int(1, 9) * 10);
      topUpsLeft = Math.max(0, Math.floor((spent + target - 500) / TOP_UP_CENTS));
      opening = spent + target - topUpsLeft * TOP_UP_CENTS;
      threshold = price;
    }

    let balance: number;
    const start = notAfterNow(ctx, romeAt('2026-09-01', '08:00'));
    if (opening !== 0 || student.spec.carriedOver) {
      const what = opening < 0 ? 'Debito riportato' : 'Saldo riportato';
      movements.push({
        tenantId,
        walletId,
        occurredAt: start,
        kind: 'OPENING',
        amountCents: opening,
        description: `${what} dall'anno scolastico 2025/2026`,
        createdBy: SYSTEM_ACTOR,
      });
      balance = opening;
    } else {
      topUp(notAfterNow(ctx, romeAt('2026-09-10', `19:${pad(ctx.rng.int(0, 59))}`)), TOP_UP_CENTS);
      balance = TOP_UP_CENTS;
    }

    for (const b of charges) {
      const amount = b.chargedCents!;
      if (balance - amount < threshold && topUpsLeft > 0) {
        topUp(romeAt(plusDays(b.day, -1), `${ctx.rng.int(18, 22)}:${pad(ctx.rng.int(0, 59))}`), TOP_UP_CENTS);
        balance += TOP_UP_CENTS;
        topUpsLeft--;
      }
      balance -= amount;
      movements.push({
        tenantId,
        walletId,
        occurredAt: b.closedAt!,
        kind: 'MEAL',
        amountCents: -amount,
        description: `${b.status === 'BLAND' ? 'Pasto in bianco' : 'Pasto'} del ${italianDate(b.day)}`,
        bookingId: b.id,
        createdBy: SYSTEM_ACTOR,
      });
    }
    // a NORMAL family tops up before the credit drops under three meals
    if (profile === 'NORMAL' && balance < 3 * price + 500) {
      topUp(notAfterNow(ctx, romeAt(ctx.yesterday, '19:45')), TOP_UP_CENTS);
      balance += TOP_UP_CENTS;
    }
    balances.set(student.id, balance);
  }

  await ctx.tx.wallet.createMany({ data: wallets });
  await batch.flush();
  await ctx.tx.walletMovement.createMany({ data: movements });
  return { wallets: wallets.length, movements: movements.length, balances };
}
