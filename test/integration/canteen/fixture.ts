import type { SessionAuth } from '../../../src/auth/session-auth.ts';
import type { Db } from '../../../src/db/client.ts';
import { toDbDate } from '../../../src/domain/dates.ts';
import { aCalendar, aClass, aGuardian, aSchool, aService, aStudent, aTariff, aTenant, anEnrollment } from '../../helpers/builders.ts';

/** What a parent's SPID session holds, for calling the canteen services directly. */
export function parentAuth(guardian: { id: string; tenantId: string; fiscalCode: string }): SessionAuth {
  return {
    tenantId: guardian.tenantId,
    via: 'SPID',
    displayName: 'Laura Bianchi',
    fiscalCode: guardian.fiscalCode,
    guardianIds: [guardian.id],
    ownGuardianId: guardian.id,
    accountId: null,
    role: null,
    loginAt: 0,
    saml: null,
  };
}

/**
 * A Comune with one primary school (canteen from Monday 16 November 2026, Monday to Friday, 4,50 € a meal)
 * and a way to add children, each in their own family, enrolled in the canteen.
 */
export async function aCanteenComune(prisma: Db, billingMode: 'PREPAID' | 'POSTPAID' = 'PREPAID') {
  const tenant = await aTenant(prisma, { billingMode });
  const school = await aSchool(prisma, tenant.id);
  const schoolClass = await aClass(prisma, school, { mealWeekdays: [1, 2, 3, 4, 5] });
  await aCalendar(prisma, school, { startsOn: toDbDate('2026-11-16'), endsOn: toDbDate('2027-06-09') });
  const service = await aService(prisma, tenant.id);
  const tariff = await aTariff(prisma, service, { amountCents: 450, siblingReductionPct: 20 });
  /** A child in a family of their own, or a younger sibling of `siblingOf` (same intestatario). */
  const aChild = async (
    overrides: {
      siblingOf?: { guardian: Awaited<ReturnType<typeof aGuardian>> };
      dietCode?: string;
      mealWeekdays?: number[];
      birthDate?: string;
    } = {},
  ) => {
    const guardian = overrides.siblingOf?.guardian ?? (await aGuardian(prisma, tenant.id));
    const classId = overrides.mealWeekdays ? (await aClass(prisma, school, { mealWeekdays: overrides.mealWeekdays })).id : schoolClass.id;
    const birthDate = toDbDate(overrides.birthDate ?? (overrides.siblingOf ? '2020-02-20' : '2018-05-10'));
    const student = await aStudent(prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id, classId }, { birthDate });
    await anEnrollment(prisma, { student, tariff }, { dietCode: overrides.dietCode ?? null, startsOn: toDbDate('2026-11-16') });
    return { guardian, student, auth: parentAuth(guardian) };
  };
  return { tenant, school, schoolClass, service, tariff, aChild };
}

/** A Rome wall-clock instant in November/December 2026 (CET, UTC+1). */
export const rome = (day: string, time: string) => new Date(`${day}T${time}+01:00`);
