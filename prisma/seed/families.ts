// Guardians, delegates, students and their enrollments (canteen, and the school bus where there is one).
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { addDays, romeInstant, toDbDate } from '../../src/domain/dates.ts';
import { maskFiscalCode } from '../../src/domain/fiscal-code.ts';
import { bandForIsee, priceOfUnit, type FamilyChild } from '../../src/domain/tariffs.ts';
import { dbDate } from './days.ts';
import { classKey, SCHOOL_YEAR, SERVICE_START, type ClassRef, type SeedContext, type TariffRef } from './context.ts';
import { PLACES, personCode, type FamilySpec, type GuardianSpec, type StudentSpec } from './families-data.ts';

export interface SeededGuardian {
  id: string;
  fiscalCode: string;
  /** "Maria Rossi", or the company name */
  name: string;
  /** how the app labels this guardian as the author of a request: the masked fiscal code */
  label: string;
  spec: GuardianSpec;
}

export interface SeededStudent {
  id: string;
  fiscalCode: string;
  name: string;
  badgeNumber: string;
  spec: StudentSpec;
  family: FamilySpec;
  guardian: SeededGuardian;
  schoolClass: ClassRef;
  canteenTariff: TariffRef;
  siblingRank: number;
  /** what one meal costs this child: the ISEE band's price, less the sibling reduction */
  mealCents: number;
}

export async function createFamilies(
  ctx: SeedContext,
  families: readonly FamilySpec[],
  residence: { city: string; zip: string; province: string },
  firstBadge: number,
): Promise<SeededStudent[]> {
  const tenantId = ctx.tenant.id;
  const guardians: Prisma.GuardianCreateManyInput[] = [];
  const delegates: Prisma.DelegateCreateManyInput[] = [];
  const studentRows: Prisma.StudentCreateManyInput[] = [];
  const enrollments: Prisma.EnrollmentCreateManyInput[] = [];
  const absences: Prisma.ProlongedAbsenceCreateManyInput[] = [];
  const seeded: SeededStudent[] = [];
  let badge = firstBadge;

  for (const family of families) {
    const g = family.guardian;
    const home = g.residence ?? residence;
    const guardian: SeededGuardian = {
      id: randomUUID(),
      fiscalCode: g.fiscalCode,
      name: g.isCompany ? g.lastName : `${g.firstName} ${g.lastName}`,
      label: g.isCompany ? g.lastName : maskFiscalCode(g.fiscalCode),
      spec: g,
    };
    guardians.push({
      id: guardian.id,
      tenantId,
      fiscalCode: g.fiscalCode,
      firstName: g.firstName,
      lastName: g.lastName,
      isCompany: g.isCompany ?? false,
      email: g.email,
      phone: g.phone,
      residenceCity: home.city,
      residenceZip: home.zip,
      residenceProv: home.province,
      residenceStreet: g.street,
      paymentMethod: g.paymentMethod ?? 'PAGOPA',
      iban: g.iban ?? null,
      invoiceDelivery: g.invoiceDelivery ?? 'PORTAL',
    });
    if (family.delegate) delegates.push({ tenantId, guardianId: guardian.id, ...family.delegate });

    const tariff = bandForIsee(ctx.canteenTariffs, family.iseeCents);
    if (!tariff) throw new Error(`No canteen tariff for ISEE ${family.iseeCents}`);
    // priced by the app's one price function, so the seeded meals cost what the day close would charge
    const children = [...family.students]
      .sort((a, b) => a.birthDate.localeCompare(b.birthDate))
      .map((spec) => ({ spec, id: randomUUID() }));
    const enrolledFamily: FamilyChild[] = children.map((c) => ({
      studentId: c.id,
      birthDate: c.spec.birthDate,
      enrollment: { state: 'ACTIVE', startsOn: SERVICE_START, endsOn: null },
    }));
    children.forEach(({ spec: s, id }) => {
      const price = priceOfUnit({
        day: SERVICE_START,
        studentId: id,
        enrollment: { state: 'ACTIVE', startsOn: SERVICE_START, endsOn: null, iseeCents: family.iseeCents, exemptionReason: null },
        family: enrolledFamily,
        tariffs: ctx.canteenTariffs,
      });
      if (!price.ok) throw new Error(`No canteen price for ${s.firstName} ${s.lastName}: ${price.refusal}`);
      const schoolClass = ctx.classes.get(classKey(s.school, s.className));
      if (!schoolClass) throw new Error(`Unknown class ${s.school} ${s.className} in ${ctx.tenant.slug}`);
      const [birthProvince] = PLACES[s.birthPlace];
      const student: SeededStudent = {
        id,
        fiscalCode: personCode(s.firstName, s.lastName, s.sex, s.birthDate, s.birthPlace),
        name: `${s.firstName} ${s.lastName}`,
        badgeNumber: String(badge++),
        spec: s,
        family,
        guardian,
        schoolClass,
        canteenTariff: tariff,
        siblingRank: price.siblingRank,
        mealCents: price.cents,
      };
      seeded.push(student);
      studentRows.push({
        id: student.id,
        tenantId,
        guardianId: guardian.id,
        fiscalCode: student.fiscalCode,
        firstName: s.firstName,
        lastName: s.lastName,
        birthDate: toDbDate(s.birthDate),
        birthPlace: s.birthPlace,
        birthProvince,
        sex: s.sex,
        residenceCity: home.city,
        residenceZip: home.zip,
        residenceProv: home.province,
        residenceStreet: g.street,
        badgeNumber: student.badgeNumber,
        schoolId: schoolClass.school.id,
        classId: schoolClass.id,
      });
      const common = {
        tenantId,
        studentId: student.id,
        schoolYear: SCHOOL_YEAR,
        schoolId: schoolClass.school.id,
        classId: schoolClass.id,
        startsOn: dbDate(SERVICE_START),
      };
      enrollments.push({
        ...common,
        serviceId: ctx.canteenServiceId,
        iseeCents: family.iseeCents,
        dietCode: s.diet?.code ?? null,
        dietNote: s.diet?.note ?? null,
      });
      if (s.bus) {
        if (!ctx.busServiceId || !ctx.busTariff) throw new Error(`${ctx.tenant.slug} has no school bus`);
        enrollments.push({ ...common, serviceId: ctx.busServiceId, iseeCents: family.iseeCents });
      }
      const pa = s.prolongedAbsence;
      if (pa && pa.to < ctx.today) {
        absences.push({
          tenantId,
          studentId: student.id,
          startsOn: toDbDate(pa.from),
          endsOn: toDbDate(pa.to),
          createdAt: romeInstant(addDays(pa.from, -1), '18:42'),
          createdBy: guardian.label,
        });
      }
    });
  }

  await ctx.tx.guardian.createMany({ data: guardians });
  if (delegates.length) await ctx.tx.delegate.createMany({ data: delegates });
  await ctx.tx.student.createMany({ data: studentRows });
  await ctx.tx.enrollment.createMany({ data: enrollments });
  if (absences.length) await ctx.tx.prolongedAbsence.createMany({ data: absences });
  return seeded;
}
