// What accepting a pratica writes, per type, inside the review's transaction: each uses the services the office
// uses by hand (registry, enrollments, SDD mandates), so the same checks and audit events apply.
import { recordAudit, type Actor } from '../../../audit.ts';
import type { Tx } from '../../../db/client.ts';
import { romeDateOf, toDbDate, type IsoDate } from '../../../domain/dates.ts';
import { schoolYearBounds } from '../../../domain/school-year.ts';
import type { Application, ApplicationType } from '../../../generated/prisma/client.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { firstOpenDay } from '../../canteen/closed-days.ts';
import { activeMandateOf, createMandateIn, revokeMandateIn } from '../../sdd/mandates.ts';
import { createEnrollmentIn } from '../enrollments/service.ts';
import { createStudentIn } from '../registry/students.ts';
import type { TenantRef } from '../registry/scope.ts';

type Data = Record<string, Record<string, unknown>>;

export interface Acceptance {
  tx: Tx;
  tenant: TenantRef;
  actor: Actor;
  application: Application;
  data: Data;
  now: Date;
}

interface PaymentChoice {
  paymentMethod: 'PAGOPA' | 'SDD';
  iban: string;
  debtorName: string;
}

/** pagoPA revokes the mandate in force; SDD signs a new one on the IBAN (the pratica's submission is the signature). */
async function applyPaymentMethod({ tx, tenant, actor, application, now }: Acceptance, choice: PaymentChoice) {
  const guardian = await tx.guardian.findFirstOrThrow({ where: { id: application.guardianId, tenantId: tenant.id } });
  const active = await activeMandateOf(tx, tenant.id, guardian.id);
  if (choice.paymentMethod === 'SDD' && active?.iban === choice.iban) return;
  if (active) await revokeMandateIn(tx, { tenantId: tenant.id, actor, guardianId: guardian.id, mandateId: active.id, now });
  if (choice.paymentMethod === 'SDD') {
    await createMandateIn(tx, {
      tenantId: tenant.id,
      actor,
      guardianId: guardian.id,
      now,
      data: {
        reference: `PRATICA ${application.protocolNumber}`,
        iban: choice.iban,
        bic: null,
        debtorName: choice.debtorName || `${guardian.firstName} ${guardian.lastName}`.trim(),
        signedOn: romeDateOf(application.submittedAt ?? now),
      },
    });
  }
}

/** The first day the new enrollment can start: the school year's first day, not before today or a closed day. */
async function enrollmentStart(tx: Tx, tenantId: string, schoolYear: string, now: Date): Promise<IsoDate> {
  const candidates = [schoolYearBounds(schoolYear).from, romeDateOf(now), (await firstOpenDay(tx, tenantId)) ?? ''];
  return candidates.sort().at(-1)!;
}

async function acceptEnrollment(acceptance: Acceptance) {
  const { tx, tenant, actor, application, data, now } = acceptance;
  const child = data.alunno as { studentId: string | null; newChild: Record<string, string> | null };
  const place = data.scuola as { schoolId: string; classId: string | null; mealWeekdays: number[] };
  const diet = (data.dieta as { diet: { dietCode: string; dietNote: string } | null }).diet;
  const isee = data.isee as { isee: number | null; dsuProtocol: string | null };
  if (!application.schoolYear) throw new FieldRuleError('form', "La pratica non indica l'anno scolastico.");
  const student = child.studentId
    ? await tx.student.findFirstOrThrow({ where: { id: child.studentId, tenantId: tenant.id, guardianId: application.guardianId } })
    : await newChild(acceptance, child.newChild!, place);
  const service = await tx.service.findFirst({ where: { tenantId: tenant.id, kind: 'CANTEEN', active: true }, orderBy: { name: 'asc' } });
  if (!service) throw new FieldRuleError('form', 'Il Comune non ha un servizio di refezione attivo: crealo in Servizi e tariffe.');
  await createEnrollmentIn(tx, {
    tenantId: tenant.id,
    actor,
    form: {
      student: student.badgeNumber,
      serviceId: service.id,
      schoolYear: application.schoolYear,
      schoolId: place.schoolId,
      classId: place.classId,
      mealWeekdays: place.mealWeekdays,
      isee: isee.isee,
      dsuProtocol: isee.dsuProtocol,
      exemptionReason: null,
      startsOn: await enrollmentStart(tx, tenant.id, application.schoolYear, now),
      endsOn: null,
      dietCode: diet?.dietCode ?? null,
      dietNote: diet?.dietNote || null,
    },
  });
  await tx.application.update({ where: { id: application.id, tenantId: tenant.id }, data: { studentId: student.id } });
  await applyPaymentMethod(acceptance, data.pagamento as unknown as PaymentChoice);
}

/** A child the Comune does not know yet joins the family, living where the intestatario lives. */
async function newChild(
  { tx, tenant, actor, application }: Acceptance,
  child: Record<string, string>,
  place: { schoolId: string; classId: string | null },
) {
  const guardian = await tx.guardian.findFirstOrThrow({ where: { id: application.guardianId, tenantId: tenant.id } });
  return createStudentIn(tx, tenant, actor, guardian.id, {
    fiscalCode: child.fiscalCode,
    firstName: child.firstName,
    lastName: child.lastName,
    birthDate: child.birthDate,
    sex: child.sex as 'M' | 'F',
    birthPlace: child.birthPlace,
    birthProvince: child.birthProvince,
    residenceStreet: guardian.residenceStreet ?? '',
    residenceCity: guardian.residenceCity ?? '',
    residenceZip: guardian.residenceZip ?? '',
    residenceProv: guardian.residenceProv ?? '',
    schoolId: place.schoolId,
    classId: place.classId,
    badgeNumber: null,
  });
}

/** The diet goes on the child's enrollments still running, where the kitchen count reads it. */
async function acceptDiet({ tx, tenant, actor, data, now }: Acceptance) {
  const studentId = (data.alunno as { studentId: string }).studentId;
  const diet = data.dieta as { dietKind: string; dietCode: string; dietNote: string };
  const today = toDbDate(romeDateOf(now));
  const where = { tenantId: tenant.id, studentId, state: 'ACTIVE' as const, OR: [{ endsOn: null }, { endsOn: { gte: today } }] };
  const running = await tx.enrollment.findMany({ where, select: { id: true, dietCode: true, dietNote: true } });
  if (running.length === 0)
    throw new FieldRuleError('form', "L'alunno non ha iscrizioni in corso: la dieta si registra con la prossima iscrizione.");
  await tx.enrollment.updateMany({
    where: { tenantId: tenant.id, id: { in: running.map((e) => e.id) } },
    data: { dietCode: diet.dietCode, dietNote: diet.dietNote || null },
  });
  await recordAudit(tx, {
    tenantId: tenant.id,
    actor,
    action: 'STUDENT_DIET_SET',
    entityType: 'Student',
    entityId: studentId,
    details: { kind: diet.dietKind, enrollments: running.map((e) => e.id) },
    before: running.map((e) => ({ dietCode: e.dietCode, dietNote: e.dietNote })),
    after: { dietCode: diet.dietCode, dietNote: diet.dietNote || null },
  });
}

async function acceptResidence({ tx, tenant, actor, application, data }: Acceptance) {
  const address = data.indirizzo as { residenceStreet: string; residenceZip: string; residenceCity: string; residenceProv: string };
  const fields = { residenceStreet: true, residenceZip: true, residenceCity: true, residenceProv: true } as const;
  const before = await tx.guardian.findFirstOrThrow({ where: { id: application.guardianId, tenantId: tenant.id }, select: fields });
  const after = {
    residenceStreet: address.residenceStreet,
    residenceZip: address.residenceZip,
    residenceCity: address.residenceCity,
    residenceProv: address.residenceProv,
  };
  await tx.guardian.update({ where: { id: application.guardianId, tenantId: tenant.id }, data: after });
  await recordAudit(tx, {
    tenantId: tenant.id,
    actor,
    action: 'GUARDIAN_RESIDENCE_CHANGED',
    entityType: 'Guardian',
    entityId: application.guardianId,
    before,
    after,
  });
}

/** Per type, what accepting writes; a certificate request changes no record (the office issues the certificate). */
export const ACCEPT: Record<ApplicationType, (acceptance: Acceptance) => Promise<void>> = {
  ENROLLMENT: acceptEnrollment,
  DIET: acceptDiet,
  RESIDENCE: acceptResidence,
  PAYMENT_METHOD: (acceptance) => applyPaymentMethod(acceptance, acceptance.data.pagamento as unknown as PaymentChoice),
  CERTIFICATE: async () => {},
};
