// The "simula" panel: a student and a day, the price of each of their services that day and why.
import type { Db } from '../../../db/client.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { schoolYearOf } from '../../../domain/school-year.ts';
import type { UnitPrice } from '../../../domain/tariffs.ts';
import { pricedEnrollmentSelect, pricesOn } from '../../pricing/inputs.ts';

const MAX_MATCHES = 20;

/** A student by exact fiscal code or badge, else the students whose surname or name starts with the text. */
async function studentsMatching(db: Db, tenantId: string, text: string) {
  const select = { id: true, firstName: true, lastName: true, badgeNumber: true, fiscalCode: true, birthDate: true } as const;
  const exact = await db.student.findMany({
    where: { tenantId, OR: [{ fiscalCode: text.toUpperCase() }, { badgeNumber: text }] },
    select,
    take: MAX_MATCHES,
  });
  if (exact.length) return exact;
  return db.student.findMany({
    where: {
      tenantId,
      OR: [{ lastName: { startsWith: text, mode: 'insensitive' } }, { firstName: { startsWith: text, mode: 'insensitive' } }],
    },
    select,
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
    take: MAX_MATCHES,
  });
}

export async function simulatePrice(db: Db, tenantId: string, text: string, day: IsoDate) {
  const matches = await studentsMatching(db, tenantId, text);
  if (matches.length !== 1) return { matches, student: null, prices: [] as { serviceName: string; price: UnitPrice }[] };
  const [student] = matches;
  const enrollments = await db.enrollment.findMany({
    where: { tenantId, studentId: student.id, schoolYear: schoolYearOf(day) },
    select: { ...pricedEnrollmentSelect, service: { select: { name: true } } },
    orderBy: { service: { name: 'asc' } },
  });
  const prices = await pricesOn(db, tenantId, enrollments, day);
  return { matches, student, prices: enrollments.map((e, i) => ({ serviceName: e.service.name, price: prices[i] })) };
}
