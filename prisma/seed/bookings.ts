// Attendance: one closed Booking per student and service day up to yesterday (present, absent, bland), a few
// requests for the coming days, and one ServiceDayClosing per closed day.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import type { IsoDate } from '../../src/domain/dates.ts';
import { isInProlongedAbsence } from '../../src/domain/attendance.ts';
import { classServiceDays } from './calendar.ts';
import { dbDate, plusDays, romeAt } from './days.ts';
import { SERVICE_START, type SeedContext } from './context.ts';
import type { SeededStudent } from './families.ts';

export interface PlannedBooking {
  id: string;
  student: SeededStudent;
  day: IsoDate;
  status: 'PRESENT' | 'ABSENT' | 'BLAND';
  requestedAt: Date | null;
  requestedBy: string | null;
  /** null for requests of days not closed yet */
  closedAt: Date | null;
  chargedCents: number | null;
  invoiceId: string | null;
}

const ABSENCE_START = 0.04; // a new illness starts (it lasts 1–3 service days): ≈ 8% of days absent
const BLAND_MEAL = 0.03;

const pad = (n: number) => String(n).padStart(2, '0');

/** When a parent typically sends a request for `day`: the evening before, or early that morning. */
function requestInstant(ctx: SeedContext, day: IsoDate): Date {
  return ctx.rng.next() < 0.6
    ? romeAt(plusDays(day, -1), `${ctx.rng.int(18, 22)}:${pad(ctx.rng.int(0, 59))}`)
    : romeAt(day, `0${ctx.rng.int(6, 8)}:${pad(ctx.rng.int(0, 50))}`);
}

/** The moment the day is closed: one minute after the cutoff. */
export function closingInstant(ctx: SeedContext, day: IsoDate): Date {
  return new Date(romeAt(day, ctx.tenant.cutoffTime).getTime() + 60_000);
}

export function planBookings(ctx: SeedContext, students: readonly SeededStudent[]): PlannedBooking[] {
  const planned: PlannedBooking[] = [];
  const closedDaysOf = new Map<string, IsoDate[]>();
  const comingDaysOf = new Map<string, IsoDate[]>();
  for (const student of students) {
    const cal = student.schoolClass.calendar;
    const key = student.schoolClass.id;
    if (!closedDaysOf.has(key)) {
      closedDaysOf.set(key, classServiceDays(student.schoolClass, SERVICE_START, ctx.yesterday));
      comingDaysOf.set(key, classServiceDays(student.schoolClass, plusDays(ctx.today, 1), cal.endsOn));
    }
    const spans = student.spec.prolongedAbsence
      ? [{ startsOn: student.spec.prolongedAbsence.from, endsOn: student.spec.prolongedAbsence.to }]
      : [];
    let illnessLeft = 0;
    for (const day of closedDaysOf.get(key)!) {
      let status: PlannedBooking['status'] = 'PRESENT';
      let requested = false;
      if (isInProlongedAbsence(day, spans)) {
        status = 'ABSENT';
      } else if (illnessLeft > 0) {
        illnessLeft--;
        status = 'ABSENT';
        requested = true;
      } else {
        const r = ctx.rng.next();
        if (r < ABSENCE_START) {
          illnessLeft = ctx.rng.int(0, 2);
          status = 'ABSENT';
          requested = true;
        } else if (r < ABSENCE_START + BLAND_MEAL) {
          status = 'BLAND';
          requested = true;
        }
      }
      planned.push({
        id: randomUUID(),
        student,
        day,
        status,
        requestedAt: requested ? requestInstant(ctx, day) : null,
        requestedBy: requested ? student.guardian.label : null,
        closedAt: closingInstant(ctx, day),
        chargedCents: status === 'ABSENT' ? 0 : student.mealCents,
        invoiceId: null,
      });
    }
    // requests already made for the coming days (not closed: no charge yet)
    const coming = comingDaysOf.get(key)!;
    for (const n of student.spec.futureAbsences ?? []) {
      const day = coming[n - 1];
      if (!day) continue;
      planned.push({
        id: randomUUID(),
        student,
        day,
        status: 'ABSENT',
        requestedAt: romeAt(ctx.yesterday, '21:' + pad(10 + n)),
        requestedBy: student.guardian.label,
        closedAt: null,
        chargedCents: null,
        invoiceId: null,
      });
    }
  }
  return planned;
}

/** Stores the bookings and, for every closed day, the tenant's ServiceDayClosing with the meals charged. */
export async function insertBookings(ctx: SeedContext, bookings: readonly PlannedBooking[]): Promise<number> {
  const rows: Prisma.BookingCreateManyInput[] = bookings.map((b) => ({
    id: b.id,
    tenantId: ctx.tenant.id,
    studentId: b.student.id,
    date: dbDate(b.day),
    status: b.status,
    requestedAt: b.requestedAt,
    requestedBy: b.requestedBy,
    closedAt: b.closedAt,
    chargedCents: b.chargedCents,
    invoiceId: b.invoiceId,
  }));
  if (rows.length) await ctx.tx.booking.createMany({ data: rows });

  const meals = new Map<IsoDate, number>();
  for (const b of bookings) {
    if (!b.closedAt) continue;
    meals.set(b.day, (meals.get(b.day) ?? 0) + ((b.chargedCents ?? 0) > 0 ? 1 : 0));
  }
  const closings = [...meals].sort(([a], [b]) => a.localeCompare(b));
  if (closings.length) {
    await ctx.tx.serviceDayClosing.createMany({
      data: closings.map(([day, mealsCharged]) => ({
        tenantId: ctx.tenant.id,
        date: dbDate(day),
        closedAt: closingInstant(ctx, day),
        mealsCharged,
      })),
    });
  }
  return closings.length;
}
