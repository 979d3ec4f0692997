// What priceOfUnit needs, read from the database in a fixed number of queries whatever the number of children:
// the tariff versions of the services and the family's enrollments in them (for the sibling order).
import type { Prisma } from '../../generated/prisma/client.ts';
import { fromDbDate, type IsoDate } from '../../domain/dates.ts';
import { priceOfUnit, type FamilyChild, type PriceInput, type TariffVersion, type UnitPrice } from '../../domain/tariffs.ts';
import type { EnrollmentSpan } from '../../domain/meal-day.ts';
import { readTogether, type Reader } from '../canteen/reads.ts';

/** The enrollment columns pricing reads; select them with `pricedEnrollmentSelect`. */
export const pricedEnrollmentSelect = {
  studentId: true,
  serviceId: true,
  schoolYear: true,
  state: true,
  startsOn: true,
  endsOn: true,
  iseeCents: true,
  exemptionReason: true,
  student: { select: { guardianId: true } },
} satisfies Prisma.EnrollmentSelect;

export type PricedEnrollment = Prisma.EnrollmentGetPayload<{ select: typeof pricedEnrollmentSelect }>;

export interface PriceBook {
  /** the input of priceOfUnit for this enrollment on this day */
  inputFor(enrollment: PricedEnrollment, day: IsoDate): PriceInput;
}

function spanOf(e: { state: EnrollmentSpan['state']; startsOn: Date; endsOn: Date | null }): EnrollmentSpan {
  return { state: e.state, startsOn: fromDbDate(e.startsOn), endsOn: e.endsOn ? fromDbDate(e.endsOn) : null };
}

function tariffVersionOf(t: {
  id: string;
  code: string;
  description: string;
  unit: TariffVersion['unit'];
  amountCents: number;
  iseeFromCents: number | null;
  iseeToCents: number | null;
  siblingReductionPct: number;
  laterSiblingReductionPct: number | null;
  validFrom: Date;
}): TariffVersion {
  return { ...t, validFrom: fromDbDate(t.validFrom) };
}

/**
 * Loads the tariffs and the families of these enrollments (all of one school year or several). `wholeComune`
 * reads every enrollment of the services instead of listing the families, for a run over the whole Comune.
 */
export async function loadPriceBook(
  db: Reader,
  tenantId: string,
  enrollments: readonly PricedEnrollment[],
  options: { wholeComune?: boolean } = {},
): Promise<PriceBook> {
  const serviceIds = [...new Set(enrollments.map((e) => e.serviceId))];
  const schoolYears = [...new Set(enrollments.map((e) => e.schoolYear))];
  const guardianIds = [...new Set(enrollments.map((e) => e.student.guardianId))];
  const inServices = { tenantId, serviceId: { in: serviceIds }, schoolYear: { in: schoolYears } };
  const [tariffs, siblings] = await readTogether(
    db,
    () => db.tariff.findMany({ where: inServices }),
    () =>
      db.enrollment.findMany({
        where: options.wholeComune ? inServices : { ...inServices, student: { tenantId, guardianId: { in: guardianIds } } },
        select: {
          studentId: true,
          serviceId: true,
          schoolYear: true,
          state: true,
          startsOn: true,
          endsOn: true,
          student: { select: { guardianId: true, birthDate: true } },
        },
      }),
  );
  const key = (serviceId: string, schoolYear: string, guardianId = '') => `${serviceId}|${schoolYear}|${guardianId}`;
  const tables = new Map<string, TariffVersion[]>();
  for (const t of tariffs) {
    const k = key(t.serviceId, t.schoolYear);
    tables.set(k, [...(tables.get(k) ?? []), tariffVersionOf(t)]);
  }
  const families = new Map<string, FamilyChild[]>();
  for (const s of siblings) {
    const k = key(s.serviceId, s.schoolYear, s.student.guardianId);
    const list = families.get(k) ?? [];
    list.push({ studentId: s.studentId, birthDate: fromDbDate(s.student.birthDate), enrollment: spanOf(s) });
    families.set(k, list);
  }
  return {
    inputFor: (e, day) => ({
      day,
      studentId: e.studentId,
      enrollment: { ...spanOf(e), iseeCents: e.iseeCents, exemptionReason: e.exemptionReason },
      family: families.get(key(e.serviceId, e.schoolYear, e.student.guardianId)) ?? [],
      tariffs: tables.get(key(e.serviceId, e.schoolYear)) ?? [],
    }),
  };
}

/** The price of a unit for each enrollment on the day, in the same order. */
export async function pricesOn(db: Reader, tenantId: string, enrollments: readonly PricedEnrollment[], day: IsoDate): Promise<UnitPrice[]> {
  const book = await loadPriceBook(db, tenantId, enrollments);
  return enrollments.map((e) => priceOfUnit(book.inputFor(e, day)));
}

/**
 * "What it costs" as pages show it: the price on `today`, or on the first day of an enrollment that has not
 * started yet, or on the last day of one that has ended. Same order as the enrollments.
 */
export async function currentPrices(
  db: Reader,
  tenantId: string,
  enrollments: readonly PricedEnrollment[],
  today: IsoDate,
): Promise<UnitPrice[]> {
  const book = await loadPriceBook(db, tenantId, enrollments);
  return enrollments.map((e) => {
    const { startsOn, endsOn } = spanOf(e);
    const day = today < startsOn ? startsOn : endsOn && endsOn < today ? endsOn : today;
    return priceOfUnit(book.inputFor(e, day));
  });
}
