import { randomInt } from 'node:crypto';
import { hashPassword } from '../../src/auth/local/passwords.ts';
import type { Db } from '../../src/db/client.ts';
import { toDbDate } from '../../src/domain/dates.ts';
import { buildFiscalCode } from '../../src/domain/fiscal-code.ts';
import type { Prisma } from '../../src/generated/prisma/client.ts';

// Builders make strictly shaped records with sensible defaults; a test overrides single fields.

let counter = 0;
const next = () => ++counter + randomInt(1000) * 1000;

export async function aTenant(prisma: Db, overrides: Partial<Prisma.TenantUncheckedCreateInput> = {}) {
  const n = next();
  return prisma.tenant.create({
    data: {
      slug: `comune-${n}`,
      name: `Comune di Prova ${n}`,
      province: 'MI',
      fiscalCode: '80012345678',
      ipaCode: `c_t${n}`,
      cadastralCode: 'F205',
      segregationCode: '02',
      cbillCode: 'AB123',
      iban: 'IT60X0542811101000000123456',
      billingMode: 'PREPAID',
      officeName: 'Ufficio Pubblica Istruzione',
      officeEmail: 'istruzione@example.it',
      officePhone: '+39 02 0000000',
      officeAddress: 'Piazza Municipio 1',
      officeHours: 'Lun–Ven 9:00–12:00',
      websiteUrl: 'https://www.example.it',
      ...overrides,
    },
  });
}

export async function aSchool(prisma: Db, tenantId: string, overrides: Partial<Prisma.SchoolUncheckedCreateInput> = {}) {
  const n = next();
  return prisma.school.create({
    data: { tenantId, code: `S${n}`, name: `Scuola primaria ${n}`, kind: 'PRIMARIA', address: 'Via Roma 1', ...overrides },
  });
}

export async function aClass(
  prisma: Db,
  school: { id: string; tenantId: string },
  overrides: Partial<Prisma.SchoolClassUncheckedCreateInput> = {},
) {
  return prisma.schoolClass.create({
    data: { tenantId: school.tenantId, schoolId: school.id, name: `${next()}A`, mealWeekdays: [1, 2, 3, 4, 5], ...overrides },
  });
}

export async function aCalendar(
  prisma: Db,
  school: { id: string; tenantId: string },
  overrides: Partial<Prisma.ServiceCalendarUncheckedCreateInput> = {},
) {
  return prisma.serviceCalendar.create({
    data: {
      tenantId: school.tenantId,
      schoolId: school.id,
      schoolYear: '2026/2027',
      startsOn: toDbDate('2026-09-14'),
      endsOn: toDbDate('2027-06-09'),
      ...overrides,
    },
  });
}

export function aFiscalCode(overrides: Partial<Parameters<typeof buildFiscalCode>[0]> = {}): string {
  const n = next();
  const names = ['Bianchi', 'Verdi', 'Neri', 'Russo', 'Ferrari', 'Esposito', 'Romano', 'Colombo'];
  return buildFiscalCode({
    lastName: names[n % names.length],
    firstName: ['Luca', 'Anna', 'Paolo', 'Sara'][n % 4],
    birthDate: `19${70 + (n % 25)}-0${1 + (n % 9)}-1${n % 10}`,
    sex: n % 2 ? 'M' : 'F',
    // a different place of birth for each call, so two records never share a code (students are unique per Comune too)
    cadastralCode: `A${String(n % 1000).padStart(3, '0')}`,
    ...overrides,
  });
}

export async function aGuardian(prisma: Db, tenantId: string, overrides: Partial<Prisma.GuardianUncheckedCreateInput> = {}) {
  return prisma.guardian.create({
    data: {
      tenantId,
      fiscalCode: aFiscalCode(),
      firstName: 'Laura',
      lastName: 'Bianchi',
      email: 'laura.bianchi@example.it',
      phone: '+39 333 0000000',
      residenceCity: 'Milano',
      residenceZip: '20100',
      residenceProv: 'MI',
      residenceStreet: 'Via Verdi 2',
      ...overrides,
    },
  });
}

export async function aStudent(
  prisma: Db,
  refs: { tenantId: string; guardianId: string; schoolId: string; classId?: string },
  overrides: Partial<Prisma.StudentUncheckedCreateInput> = {},
) {
  const n = next();
  return prisma.student.create({
    data: {
      ...refs,
      fiscalCode: aFiscalCode({ birthDate: '2018-05-10' }),
      firstName: 'Giulio',
      lastName: 'Bianchi',
      birthDate: toDbDate('2018-05-10'),
      birthPlace: 'Milano',
      birthProvince: 'MI',
      sex: 'M',
      residenceCity: 'Milano',
      residenceZip: '20100',
      residenceProv: 'MI',
      residenceStreet: 'Via Verdi 2',
      badgeNumber: `B${n}`,
      ...overrides,
    },
  });
}

export const TEST_PASSWORD = 'Prova-Password-2026';

export async function aLocalAccount(prisma: Db, tenantId: string, overrides: Partial<Prisma.LocalAccountUncheckedCreateInput> = {}) {
  return prisma.localAccount.create({
    data: {
      tenantId,
      username: `utente${next()}`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      role: 'CLERK',
      fullName: 'Operatore di Prova',
      ...overrides,
    },
  });
}

export async function aService(prisma: Db, tenantId: string, overrides: Partial<Prisma.ServiceUncheckedCreateInput> = {}) {
  return prisma.service.create({ data: { tenantId, code: `REF${next()}`, name: 'Refezione scolastica', kind: 'CANTEEN', ...overrides } });
}

export async function aTariff(
  prisma: Db,
  service: { id: string; tenantId: string },
  overrides: Partial<Prisma.TariffUncheckedCreateInput> = {},
) {
  return prisma.tariff.create({
    data: {
      tenantId: service.tenantId,
      serviceId: service.id,
      schoolYear: '2026/2027',
      code: `T${next()}`,
      description: 'Tariffa intera',
      unit: 'PER_MEAL',
      amountCents: 450,
      siblingReductionPct: 20,
      validFrom: toDbDate('2026-09-01'),
      ...overrides,
    },
  });
}

export async function anEnrollment(
  prisma: Db,
  refs: { student: { id: string; tenantId: string; schoolId: string; classId: string | null }; tariff: { serviceId: string } },
  overrides: Partial<Prisma.EnrollmentUncheckedCreateInput> = {},
) {
  const { student, tariff } = refs;
  return prisma.enrollment.create({
    data: {
      tenantId: student.tenantId,
      studentId: student.id,
      serviceId: tariff.serviceId,
      schoolYear: '2026/2027',
      schoolId: student.schoolId,
      classId: student.classId,
      startsOn: toDbDate('2026-09-14'),
      ...overrides,
    },
  });
}

export async function aClosureDay(
  prisma: Db,
  school: { id: string; tenantId: string },
  date: string,
  overrides: Partial<Prisma.ClosureDayUncheckedCreateInput> = {},
) {
  return prisma.closureDay.create({
    data: { tenantId: school.tenantId, schoolId: school.id, date: toDbDate(date), kind: 'HOLIDAY', reason: 'Chiusura', ...overrides },
  });
}

/** A document number no other builder gives out. */
export const anInvoiceNumber = () => `2026${String(next()).padStart(6, '0')}`;

export async function anInvoice(
  prisma: Db,
  refs: { tenantId: string; guardianId: string; studentId: string },
  overrides: Partial<Prisma.InvoiceUncheckedCreateInput> = {},
) {
  const totalCents = overrides.totalCents ?? 8100;
  return prisma.invoice.create({
    data: {
      ...refs,
      number: anInvoiceNumber(),
      issuedOn: toDbDate('2026-11-05'),
      dueOn: toDbDate('2026-11-30'),
      description: 'Refezione scolastica — ottobre 2026',
      totalCents,
      lines: {
        create: [
          {
            tenantId: refs.tenantId,
            position: 1,
            description: 'Refezione ottobre 2026 — 18 pasti × 4,50 €',
            quantity: 18,
            unitCents: 450,
            amountCents: totalCents,
          },
        ],
      },
      ...overrides,
    },
  });
}

export async function anAttachment(
  prisma: Db,
  refs: { tenantId: string; studentId?: string; invoiceId?: string },
  overrides: Partial<Prisma.AttachmentUncheckedCreateInput> = {},
) {
  const content = Buffer.from('%PDF-1.4 verbale di prova');
  return prisma.attachment.create({
    data: {
      ...refs,
      kind: 'OTHER',
      title: 'Verbale di consegna del badge',
      fileName: 'verbale-consegna-badge.pdf',
      mimeType: 'application/pdf',
      sizeBytes: content.length,
      content,
      ...overrides,
    },
  });
}
