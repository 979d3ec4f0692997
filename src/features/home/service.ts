import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { fromDbDate, romeDateOf } from '../../domain/dates.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { nextMealFor } from '../canteen/meals.ts';
import { familyStudents } from '../family/scope.ts';
import { latestNews } from '../news/service.ts';
import { missingRequiredData } from '../required-data/service.ts';
import { isLowBalance, mealPriceOf, walletBalances } from '../wallet/service.ts';

const UNPAID = ['ISSUED', 'PARTIALLY_PAID'] as const;

function unpaidSummary(invoices: { totalCents: number; paidCents: number; dueOn: Date }[]) {
  const dueDays = invoices.map((i) => fromDbDate(i.dueOn)).sort();
  return {
    count: invoices.length,
    cents: invoices.reduce((sum, i) => sum + i.totalCents - i.paidCents, 0),
    nearestDueOn: dueDays[0] ?? null,
  };
}

/** The parent's home: per child school, services, money situation and next canteen day; then the latest news. */
export async function homeOverview(db: Db, auth: SessionAuth, tenant: Tenant, now: Date) {
  const students = await familyStudents(db, auth);
  const ids = students.map((s) => s.id);
  const prepaid = tenant.billingMode === 'PREPAID';
  const [enrollments, balances, unpaid, news, missing] = await Promise.all([
    db.enrollment.findMany({
      where: { tenantId: auth.tenantId, studentId: { in: ids }, schoolYear: schoolYearOf(romeDateOf(now)), state: 'ACTIVE' },
      include: { service: true },
      orderBy: { service: { name: 'asc' } },
    }),
    prepaid ? walletBalances(db, auth.tenantId, ids) : Promise.resolve(new Map<string, number>()),
    db.invoice.findMany({
      where: { tenantId: auth.tenantId, studentId: { in: ids }, state: { in: [...UNPAID] } },
      select: { studentId: true, totalCents: true, paidCents: true, dueOn: true },
    }),
    latestNews(db, auth, now, 3),
    missingRequiredData(db, auth),
  ]);
  const children = await Promise.all(
    students.map(async (student) => {
      const services = enrollments.filter((e) => e.studentId === student.id);
      const eatsAtCanteen = services.some((e) => e.service.kind === 'CANTEEN');
      const [nextMeal, mealCents] = await Promise.all([
        eatsAtCanteen ? nextMealFor(db, tenant, student, now) : Promise.resolve(null),
        prepaid ? mealPriceOf(db, auth.tenantId, student.id, now) : Promise.resolve(null),
      ]);
      const balanceCents = prepaid ? (balances.get(student.id) ?? null) : null;
      return {
        student,
        services: services.map((e) => e.service.name),
        eatsAtCanteen,
        nextMeal,
        balanceCents,
        lowBalance: balanceCents !== null && isLowBalance(balanceCents, mealCents),
        unpaid: unpaidSummary(unpaid.filter((i) => i.studentId === student.id)),
      };
    }),
  );
  return { prepaid, children, family: unpaidSummary(unpaid), news, missing };
}
