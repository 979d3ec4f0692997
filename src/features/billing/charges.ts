// What a billing run bills, read set-based for the whole Comune or for a chunk of families: a few grouped queries
// whatever their number. The preview and the run's chunks read through here, so they cannot disagree.
import { Prisma, type Service } from '../../generated/prisma/client.ts';
import {
  anomaly,
  familyInvoiceLines,
  linesTotal,
  periodBounds,
  periodLabel,
  unitsOf,
  type Anomaly,
  type ChargeGroup,
  type ChildCharges,
  type PendingAdjustment,
  type RunLine,
} from '../../domain/billing-run.ts';
import { fromDbDate, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { isEnrolledOn } from '../../domain/meal-day.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import { priceOfUnit, type UnitPrice } from '../../domain/tariffs.ts';
import { instalmentDueIn, instalmentPlan } from '../../domain/flat-fees.ts';
import { readTogether, type Reader } from '../canteen/reads.ts';
import { loadPriceBook, pricedEnrollmentSelect } from '../pricing/inputs.ts';

export type BilledService = Pick<Service, 'id' | 'name' | 'kind' | 'billingMode' | 'instalments'>;

export interface FamilyGuardian {
  id: string;
  fiscalCode: string;
  name: string;
  isCompany: boolean;
  email: string | null;
  paymentMethod: 'PAGOPA' | 'SDD';
}

export interface FamilyCharge {
  guardian: FamilyGuardian;
  children: ChildCharges[];
  adjustments: PendingAdjustment[];
  lines: RunLine[];
  units: number;
  totalCents: number;
}

export interface Gathered {
  families: FamilyCharge[];
  /** per-child findings of the reads (no price, no ISEE…); the preview adds the Comune-wide ones */
  anomalies: Anomaly[];
}

const enrollmentSelect = {
  ...pricedEnrollmentSelect,
  dsuProtocol: true,
  student: {
    select: {
      guardianId: true,
      firstName: true,
      lastName: true,
      guardian: {
        select: { id: true, fiscalCode: true, firstName: true, lastName: true, isCompany: true, email: true, paymentMethod: true },
      },
    },
  },
} satisfies Prisma.EnrollmentSelect;

type BilledEnrollment = Prisma.EnrollmentGetPayload<{ select: typeof enrollmentSelect }>;

interface MealRow {
  studentId: string;
  status: 'PRESENT' | 'ABSENT' | 'BLAND';
  chargedCents: number;
  n: number;
  firstDay: Date;
}

/** "Refezione" for the canteen, the service's own name for the others. */
export function lineLabelOf(service: BilledService): string {
  return service.kind === 'CANTEEN' ? 'Refezione' : service.name;
}

/** "Refezione scolastica — novembre 2026" */
export function invoiceDescriptionOf(service: BilledService, period: string): string {
  return `${service.name} — ${periodLabel(period)}`;
}

/**
 * The closed, not yet invoiced meals of the period, grouped per child, status and charge. `lock` (inside the run's
 * transaction) locks the bookings read, so a correction cannot change a charge between reading and linking it.
 */
async function mealRows(db: Reader, tenantId: string, serviceId: string, period: string, guardianIds: string[] | null, lock: boolean) {
  const { from, to } = periodBounds(period);
  const families = guardianIds ? Prisma.sql`AND s."guardianId" = ANY(${guardianIds}::uuid[])` : Prisma.empty;
  return db.$queryRaw<MealRow[]>`
    WITH b AS (
      SELECT b."studentId", b.status::text AS status, COALESCE(b."chargedCents", 0) AS "chargedCents", b.date
      FROM "Booking" b JOIN "Student" s ON s.id = b."studentId" AND s."tenantId" = b."tenantId"
      WHERE b."tenantId" = ${tenantId}::uuid AND b.date BETWEEN ${toDbDate(from)}::date AND ${toDbDate(to)}::date
        AND b."closedAt" IS NOT NULL AND b."invoiceId" IS NULL ${families}
        AND EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."tenantId" = b."tenantId" AND e."studentId" = b."studentId"
                    AND e."serviceId" = ${serviceId}::uuid AND e."schoolYear" = ${schoolYearOf(from)})
      ${lock ? Prisma.sql`FOR UPDATE OF b` : Prisma.empty}
    )
    SELECT "studentId", status, "chargedCents", count(*)::int AS n, min(date) AS "firstDay" FROM b GROUP BY 1, 2, 3`;
}

function guardianOf(e: BilledEnrollment): FamilyGuardian {
  const g = e.student.guardian;
  return {
    id: g.id,
    fiscalCode: g.fiscalCode,
    name: `${g.lastName} ${g.firstName}`.trim(),
    isCompany: g.isCompany,
    email: g.email,
    paymentMethod: g.paymentMethod,
  };
}

const studentName = (e: BilledEnrollment) => `${e.student.firstName} ${e.student.lastName}`;

/**
 * The families to bill for `service` in `period` (all of the Comune, or only `guardianIds`), with their lines and
 * totals, skipping families already invoiced for it. Meals for a post-paid service, one month per enrolled child
 * for a monthly flat fee (priced on the child's first enrolled day of the month, PER_MONTH tariffs only).
 */
export async function gatherCharges(
  db: Reader,
  tenantId: string,
  service: BilledService,
  period: string,
  options: { guardianIds?: string[]; lock?: boolean; checkPrices?: boolean } = {},
): Promise<Gathered> {
  const { from, to } = periodBounds(period);
  const schoolYear = schoolYearOf(from);
  const guardianIds = options.guardianIds ?? null;
  const inFamilies = guardianIds ? { student: { tenantId, guardianId: { in: guardianIds } } } : {};
  const meals = service.billingMode === 'POSTPAID';
  const [rows, enrollments, adjustments, invoiced] = await readTogether(
    db,
    () => (meals ? mealRows(db, tenantId, service.id, period, guardianIds, options.lock ?? false) : Promise.resolve([] as MealRow[])),
    () => db.enrollment.findMany({ where: { tenantId, serviceId: service.id, schoolYear, ...inFamilies }, select: enrollmentSelect }),
    () =>
      db.billingAdjustment.findMany({
        where: { tenantId, serviceId: service.id, appliedInvoiceId: null, ...(guardianIds ? { guardianId: { in: guardianIds } } : {}) },
        orderBy: { createdAt: 'asc' },
      }),
    () =>
      db.invoice.findMany({
        where: {
          tenantId,
          serviceId: service.id,
          period,
          // issued by a run (billingKey) or before runs existed (seeded, imported): either way the month is billed
          kind: 'SERVICE',
          state: { not: 'CANCELLED' },
          ...(guardianIds ? { guardianId: { in: guardianIds } } : {}),
        },
        select: { guardianId: true },
      }),
  );
  const done = new Set(invoiced.map((i) => i.guardianId));
  // meals were priced when their day closed: the price book is read only to price months, or to check prices
  const book = !meals || options.checkPrices ? await loadPriceBook(db, tenantId, enrollments, { wholeComune: !guardianIds }) : null;
  const anomalies: Anomaly[] = [];
  const children = new Map<string, { enrollment: BilledEnrollment; groups: ChargeGroup[] }>();
  const priceOn = (e: BilledEnrollment, day: IsoDate) => priceOfUnit(book!.inputFor(e, day));

  if (meals) {
    const byStudent = new Map(enrollments.map((e) => [e.studentId, e]));
    const firstDays = new Map<string, IsoDate>();
    for (const row of rows) {
      const enrollment = byStudent.get(row.studentId);
      if (!enrollment || done.has(enrollment.student.guardianId)) continue;
      const child = children.get(row.studentId) ?? { enrollment, groups: [] };
      if (row.status !== 'ABSENT')
        child.groups.push({ kind: row.status === 'BLAND' ? 'BLAND' : 'MEAL', unitCents: row.chargedCents, quantity: row.n });
      children.set(row.studentId, child);
      const first = fromDbDate(row.firstDay);
      if (row.status !== 'ABSENT' && (!firstDays.has(row.studentId) || first < firstDays.get(row.studentId)!))
        firstDays.set(row.studentId, first);
    }
    if (options.checkPrices)
      for (const [studentId, day] of firstDays) {
        const { enrollment } = children.get(studentId)!;
        const price = priceOn(enrollment, day);
        if (!price.ok) anomalies.push(anomaly('NO_PRICE', studentName(enrollment), price.refusal));
      }
  } else {
    for (const e of enrollments) {
      if (done.has(e.student.guardianId)) continue;
      const startsOn = fromDbDate(e.startsOn);
      const day = startsOn > from ? startsOn : from;
      const span = { state: e.state, startsOn, endsOn: e.endsOn ? fromDbDate(e.endsOn) : null };
      if (day > to || !isEnrolledOn(span, day)) continue;
      const price = priceOn(e, day);
      const group = price.ok ? flatFeeGroup(service, price, period, schoolYear) : null;
      if (group === 'WRONG_UNIT' || !price.ok) {
        anomalies.push(anomaly('NO_PRICE', studentName(e), price.ok ? price.unit : price.refusal));
        continue;
      }
      if (group) children.set(e.studentId, { enrollment: e, groups: [group] });
    }
  }

  const families = new Map<string, { guardian: FamilyGuardian; children: ChildCharges[] }>();
  for (const [studentId, child] of children) {
    const e = child.enrollment;
    const family = families.get(e.student.guardianId) ?? { guardian: guardianOf(e), children: [] };
    family.children.push({ studentId, studentName: studentName(e), groups: child.groups });
    families.set(e.student.guardianId, family);
    if (!e.exemptionReason && child.groups.some((g) => g.unitCents > 0)) {
      if (e.iseeCents === null) anomalies.push(anomaly('NO_ISEE', studentName(e)));
    }
  }
  const label = lineLabelOf(service);
  const pending = new Map<string, PendingAdjustment[]>();
  for (const a of adjustments) {
    const item = { id: a.id, studentId: a.studentId, amountCents: a.amountCents, description: a.description };
    pending.set(a.guardianId, [...(pending.get(a.guardianId) ?? []), item]);
  }
  const result: FamilyCharge[] = [...families.values()].map(({ guardian, children: kids }) => {
    const own = pending.get(guardian.id) ?? [];
    const lines = familyInvoiceLines(label, period, kids, own);
    return { guardian, children: kids, adjustments: own, lines, units: unitsOf(kids), totalCents: linesTotal(lines) };
  });
  result.sort((a, b) => a.guardian.name.localeCompare(b.guardian.name, 'it') || a.guardian.id.localeCompare(b.guardian.id));
  return { families: result, anomalies };
}

/**
 * What a flat fee bills a child enrolled in the month: the month (PER_MONTH tariff), or the instalment of the yearly
 * fee (PER_YEAR tariff) that falls due in the month — none in the other months. A tariff of the other unit is
 * WRONG_UNIT.
 */
function flatFeeGroup(
  service: BilledService,
  price: Extract<UnitPrice, { ok: true }>,
  period: string,
  schoolYear: string,
): ChargeGroup | 'WRONG_UNIT' | null {
  if (service.billingMode === 'FLAT_MONTHLY')
    return price.unit === 'PER_MONTH' ? { kind: 'MONTH', unitCents: price.cents, quantity: 1 } : 'WRONG_UNIT';
  if (price.unit !== 'PER_YEAR') return 'WRONG_UNIT';
  const due = instalmentDueIn(instalmentPlan(price.cents, service.instalments ?? 1, schoolYear), period);
  if (!due) return null;
  return { kind: 'INSTALMENT', unitCents: due.amountCents, quantity: 1, note: `rata ${due.number} di ${due.count}, a.s. ${schoolYear}` };
}

/** Enrollments with a DSU protocol, for the preview's expiry check (the families billed only). */
export function dsuOf(db: Reader, tenantId: string, serviceId: string, period: string) {
  return db.enrollment.findMany({
    where: { tenantId, serviceId, schoolYear: schoolYearOf(`${period}-01`), dsuProtocol: { not: null } },
    select: { studentId: true, dsuProtocol: true, iseeCents: true, student: { select: { firstName: true, lastName: true } } },
  });
}

/**
 * The families a run still has to look at, in one query: those with closed, not yet invoiced meals of the period
 * (post-paid) or with an enrollment in the service that school year (flat fees), not invoiced for it yet. Each
 * chunk then reads their charges under lock; families that turn out to owe nothing are skipped there.
 */
export async function familiesToBill(db: Reader, tenantId: string, service: BilledService, period: string): Promise<string[]> {
  const { from, to } = periodBounds(period);
  const schoolYear = schoolYearOf(from);
  const source =
    service.billingMode === 'POSTPAID'
      ? Prisma.sql`SELECT DISTINCT s."guardianId" FROM "Booking" b JOIN "Student" s ON s.id = b."studentId" AND s."tenantId" = b."tenantId"
          WHERE b."tenantId" = ${tenantId}::uuid AND b.date BETWEEN ${toDbDate(from)}::date AND ${toDbDate(to)}::date
            AND b."closedAt" IS NOT NULL AND b."invoiceId" IS NULL
            AND EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."tenantId" = b."tenantId" AND e."studentId" = b."studentId"
                        AND e."serviceId" = ${service.id}::uuid AND e."schoolYear" = ${schoolYear})`
      : Prisma.sql`SELECT DISTINCT s."guardianId" FROM "Enrollment" e JOIN "Student" s ON s.id = e."studentId" AND s."tenantId" = e."tenantId"
          WHERE e."tenantId" = ${tenantId}::uuid AND e."serviceId" = ${service.id}::uuid AND e."schoolYear" = ${schoolYear}`;
  const rows = await db.$queryRaw<{ guardianId: string }[]>`
    SELECT f."guardianId" FROM (${source}) f
    WHERE NOT EXISTS (SELECT 1 FROM "Invoice" i WHERE i."tenantId" = ${tenantId}::uuid
                      AND i."billingKey" = f."guardianId"::text || '/' || ${service.id} || '/' || ${period})
    ORDER BY f."guardianId"`;
  return rows.map((r) => r.guardianId);
}
