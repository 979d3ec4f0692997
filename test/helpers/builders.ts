import { randomInt } from 'node:crypto';
import { hashPassword } from '../../src/auth/local/passwords.ts';
import type { Db } from '../../src/db/client.ts';
import { mealLineLabel } from '../../src/domain/billing.ts';
import { italianMonth, toDbDate } from '../../src/domain/dates.ts';
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

export async function anInvoice(
  prisma: Db,
  refs: { tenantId: string; guardianId: string; studentId: string },
  overrides: Partial<Prisma.InvoiceUncheckedCreateInput> = {},
) {
  const totalCents = overrides.totalCents ?? 8100;
  return prisma.invoice.create({
    data: {
      ...refs,
      number: `2026${String(next()).padStart(6, '0')}`,
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
  const content = Buffer.from('%PDF-1.4 certificazione di prova');
  return prisma.attachment.create({
    data: {
      ...refs,
      kind: 'TAX_CERTIFICATE',
      title: 'Certificazione 730 anno 2025',
      fileName: 'certificazione-730-2025.pdf',
      mimeType: 'application/pdf',
      sizeBytes: content.length,
      content,
      ...overrides,
    },
  });
}

export interface FamilyInvoiceChild {
  student: { id: string; firstName: string };
  /** the days a meal was charged, bland ones included */
  charged: string[];
  bland?: string[];
  /** absences communicated in time: linked to the invoice, not charged */
  cancelled?: string[];
}

/**
 * A monthly invoice of a billing run (November 2026 unless `period` says otherwise): no student of its own, one
 * meal line per child at `unitCents`, and each child's closed bookings linked to it (charged and cancelled ones).
 */
export async function aFamilyInvoice(
  prisma: Db,
  refs: { tenantId: string; guardianId: string },
  children: FamilyInvoiceChild[],
  overrides: Partial<Prisma.InvoiceUncheckedCreateInput> & { unitCents?: number } = {},
) {
  const { unitCents = 450, ...invoiceOverrides } = overrides;
  const period = invoiceOverrides.period ?? '2026-11';
  const month = italianMonth(`${period}-01`);
  // a child with no meal charged has no line, only their cancelled days
  const billed = children.filter((child) => child.charged.length > 0);
  const lines = billed.map((child, i) => ({
    tenantId: refs.tenantId,
    position: i + 1,
    studentId: child.student.id,
    description: `Refezione ${month} — ${child.student.firstName}: ${mealLineLabel(child.charged.length, unitCents)}`,
    quantity: child.charged.length,
    unitCents,
    amountCents: child.charged.length * unitCents,
  }));
  const invoice = await prisma.invoice.create({
    data: {
      ...refs,
      studentId: null,
      number: `2026${String(next()).padStart(6, '0')}`,
      issuedOn: toDbDate('2026-12-03'),
      dueOn: toDbDate('2026-12-31'),
      period,
      description: `Refezione scolastica — ${month}`,
      totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
      lines: { create: lines },
      ...invoiceOverrides,
    },
  });
  const closedAt = new Date('2026-12-01T20:00:00Z');
  await prisma.booking.createMany({
    data: children.flatMap((child) => [
      ...child.charged.map((day) => ({
        tenantId: refs.tenantId,
        studentId: child.student.id,
        date: toDbDate(day),
        status: child.bland?.includes(day) ? ('BLAND' as const) : ('PRESENT' as const),
        chargedCents: unitCents,
        closedAt,
        invoiceId: invoice.id,
      })),
      ...(child.cancelled ?? []).map((day) => ({
        tenantId: refs.tenantId,
        studentId: child.student.id,
        date: toDbDate(day),
        status: 'ABSENT' as const,
        chargedCents: 0,
        closedAt,
        invoiceId: invoice.id,
      })),
    ]),
  });
  return invoice;
}

/** A credit note reversing `amountCents` of one child's meals on an invoice: negative, never payable. */
export async function aCreditNote(
  prisma: Db,
  credited: { id: string; tenantId: string; guardianId: string; serviceId: string | null; period: string | null },
  refs: { studentId: string; amountCents: number },
  overrides: Partial<Prisma.InvoiceUncheckedCreateInput> = {},
) {
  return prisma.invoice.create({
    data: {
      tenantId: credited.tenantId,
      guardianId: credited.guardianId,
      serviceId: credited.serviceId,
      period: credited.period,
      kind: 'CREDIT_NOTE',
      creditedInvoiceId: credited.id,
      number: `2026${String(next()).padStart(6, '0')}`,
      issuedOn: toDbDate('2026-12-10'),
      dueOn: toDbDate('2026-12-10'),
      description: 'Storno pasti addebitati per errore',
      totalCents: -refs.amountCents,
      lines: {
        create: [
          {
            tenantId: credited.tenantId,
            position: 1,
            studentId: refs.studentId,
            description: 'Storno di 1 pasto del 5 novembre 2026 (assenza comunicata in tempo)',
            quantity: 1,
            unitCents: -refs.amountCents,
            amountCents: -refs.amountCents,
          },
        ],
      },
      ...overrides,
    },
  });
}
