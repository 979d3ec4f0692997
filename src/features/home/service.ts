import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { fromDbDate, romeDateOf } from '../../domain/dates.ts';
import { childShareCents } from '../../domain/invoice-days.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { nextMealsFor } from '../canteen/meals.ts';
import { familyInvoiceWhere, familyStudents } from '../family/scope.ts';
import { latestNews } from '../news/service.ts';
import { missingRequiredData } from '../required-data/service.ts';
import { isLowBalance, mealPricesOf, walletBalances } from '../wallet/service.ts';

const UNPAID = ['ISSUED', 'PARTIALLY_PAID'] as const;

type Unpaid = {
  studentId: string | null;
  totalCents: number;
  paidCents: number;
  dueOn: Date;
  lines: { studentId: string | null; amountCents: number }[];
};

function unpaidSummary(invoices: Unpaid[], dueOf: (invoice: Unpaid) => number = (i) => i.totalCents - i.paidCents) {
  const dueDays = invoices.map((i) => fromDbDate(i.dueOn)).sort();
  return {
    count: invoices.length,
    cents: invoices.reduce((sum, i) => sum + dueOf(i), 0),
    nearestDueOn: dueDays[0] ?? null,
  };
}

/** A child's part of the family's unpaid documents: theirs alone in full, their lines' share of a family invoice. */
function childUnpaid(invoices: Unpaid[], studentId: string) {
  const concerning = invoices.filter(
    (i) => i.studentId === studentId || (i.studentId === null && i.lines.some((l) => l.studentId === studentId)),
  );
  return unpaidSummary(concerning, (i) => (i.studentId === null ? childShareCents(i, studentId) : i.totalCents - i.paidCents));
}

/** Per child: school, services, money situation and next canteen day, each read once for the whole family. */
async function childrenOverview(db: Db, auth: SessionAuth, tenant: Tenant, now: Date) {
  const students = await familyStudents(db, auth);
  const ids = students.map((s) => s.id);
  const prepaid = tenant.billingMode === 'PREPAID';
  const [enrollments, balances, mealPrices, unpaid, nextMeals] = await Promise.all([
    db.enrollment.findMany({
      where: { tenantId: auth.tenantId, studentId: { in: ids }, schoolYear: schoolYearOf(romeDateOf(now)), state: 'ACTIVE' },
      include: { service: true },
      orderBy: { service: { name: 'asc' } },
    }),
    prepaid ? walletBalances(db, auth.tenantId, ids) : Promise.resolve(new Map<string, number>()),
    prepaid ? mealPricesOf(db, auth.tenantId, ids, now) : Promise.resolve(new Map<string, number | null>()),
    db.invoice.findMany({
      where: { ...familyInvoiceWhere(auth), state: { in: [...UNPAID] }, kind: { not: 'CREDIT_NOTE' } },
      select: {
        studentId: true,
        totalCents: true,
        paidCents: true,
        dueOn: true,
        lines: { where: { tenantId: auth.tenantId }, select: { studentId: true, amountCents: true } },
      },
    }),
    nextMealsFor(db, tenant, students, now),
  ]);
  const children = students.map((student) => {
    const services = enrollments.filter((e) => e.studentId === student.id);
    const eatsAtCanteen = services.some((e) => e.service.kind === 'CANTEEN');
    const balanceCents = prepaid ? (balances.get(student.id) ?? null) : null;
    return {
      student,
      services: services.map((e) => e.service.name),
      eatsAtCanteen,
      nextMeal: eatsAtCanteen ? (nextMeals.get(student.id) ?? null) : null,
      balanceCents,
      lowBalance: balanceCents !== null && isLowBalance(balanceCents, mealPrices.get(student.id) ?? null),
      unpaid: childUnpaid(unpaid, student.id),
    };
  });
  return { prepaid, children, family: unpaidSummary(unpaid) };
}

/**
 * Whose children the home is about, for its opening line: the adult's own (intestatario), those of the
 * families that delegated them (named by their intestatario), or a company's.
 */
async function whoseChildren(db: Db, auth: SessionAuth) {
  if (auth.role === 'COMPANY') return { key: 'home.introCompany', families: auth.displayName };
  const delegating = auth.guardianIds.filter((id) => id !== auth.ownGuardianId);
  if (delegating.length === 0) return { key: 'home.intro', families: '' };
  const guardians = await db.guardian.findMany({
    where: { tenantId: auth.tenantId, id: { in: delegating } },
    select: { firstName: true, lastName: true },
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
  });
  const families = guardians.map((g) => `${g.firstName} ${g.lastName}`.trim()).join(', ');
  return { key: auth.ownGuardianId ? 'home.introParentAndDelegate' : 'home.introDelegate', families };
}

/** The parent's home: per child school, services, money situation and next canteen day; then the latest news. */
export async function homeOverview(db: Db, auth: SessionAuth, tenant: Tenant, now: Date) {
  const [overview, news, missing, intro] = await Promise.all([
    childrenOverview(db, auth, tenant, now),
    latestNews(db, auth, now, 3),
    missingRequiredData(db, auth),
    whoseChildren(db, auth),
  ]);
  return { ...overview, news, missing, intro };
}
