import type { SessionAuth } from '../../auth/session-auth.ts';
import { actorOf, recordAudit } from '../../audit.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import { romeDateOf } from '../../domain/dates.ts';
import { NotFoundError } from '../../web/errors.ts';
import { familyStudentWhere, selectedStudent, studentOfFamily } from '../family/scope.ts';
import { currentPrices } from '../pricing/inputs.ts';
import { certificateYears as yearsWithCertificate } from '../tax-certificates/service.ts';
import type { RegistryTab } from './schemas.ts';

/** The four tabs of the scheda anagrafica for one child of the family (seed 000). */
export async function registryCard(db: Db, auth: SessionAuth, studentId: unknown, now: Date) {
  const { students, student } = await selectedStudent(db, auth, studentId);
  const [guardian, enrollments, attachments, certificateYears] = await Promise.all([
    db.guardian.findFirstOrThrow({ where: { id: student.guardianId, tenantId: auth.tenantId } }),
    db.enrollment.findMany({
      where: { tenantId: auth.tenantId, studentId: student.id },
      include: { service: true, school: true, schoolClass: true, student: { select: { guardianId: true } } },
      orderBy: [{ schoolYear: 'desc' }, { startsOn: 'asc' }],
    }),
    db.attachment.findMany({
      // the 730 certificates are made from the receipts (certificateYears), no longer kept as files
      where: { tenantId: auth.tenantId, studentId: student.id, invoiceId: null, kind: { not: 'TAX_CERTIFICATE' } },
      select: { id: true, kind: true, title: true, fileName: true, sizeBytes: true, createdAt: true },
      orderBy: { createdAt: 'desc' },
    }),
    yearsWithCertificate(db, auth.tenantId, student.id),
  ]);
  const prices = await currentPrices(db, auth.tenantId, enrollments, romeDateOf(now));
  const withPrice = enrollments.map((e, i) => ({ ...e, price: prices[i] }));
  return { students, student, guardian, enrollments: withPrice, attachments, certificateYears };
}

/** The parent may change only e-mail and phone of the intestatario; delegates may too (they act for the family). */
export async function updateContactData(db: Db, auth: SessionAuth, input: { studentId: string; email: string; phone: string | null }) {
  const student = await studentOfFamily(db, auth, input.studentId);
  await inTransaction(db, async (tx) => {
    const before = await tx.guardian.findFirstOrThrow({ where: { id: student.guardianId, tenantId: auth.tenantId } });
    await tx.guardian.update({ where: { id: before.id, tenantId: before.tenantId }, data: { email: input.email, phone: input.phone } });
    await recordAudit(tx, {
      tenantId: auth.tenantId,
      actor: actorOf(auth),
      action: 'GUARDIAN_CONTACTS_UPDATED',
      entityType: 'Guardian',
      entityId: before.id,
      details: { emailChanged: before.email !== input.email, phoneChanged: before.phone !== input.phone },
    });
  });
}

const TAB_SUBJECTS: Record<RegistryTab, string> = {
  generali: 'Dati generali',
  altre: 'Altre informazioni',
  servizi: 'Servizi',
  fascicolo: 'Fascicolo',
};

/** "Segnala dati errati": wrong data is corrected only by the office (seed 000), so it becomes a message to it. */
export async function reportWrongData(db: Db, auth: SessionAuth, input: { studentId: string; tab: RegistryTab; message: string }) {
  const student = await studentOfFamily(db, auth, input.studentId);
  await inTransaction(db, async (tx) => {
    const guardian = await tx.guardian.findFirstOrThrow({ where: { id: student.guardianId, tenantId: auth.tenantId } });
    const message = await tx.contactMessage.create({
      data: {
        tenantId: auth.tenantId,
        kind: 'DATA_ERROR',
        guardianId: guardian.id,
        studentId: student.id,
        fromFiscalCode: auth.fiscalCode ?? guardian.fiscalCode,
        fromName: auth.displayName,
        replyEmail: guardian.email,
        subject: `Dati errati — ${TAB_SUBJECTS[input.tab]} — ${student.firstName} ${student.lastName}`,
        body: input.message,
      },
    });
    await recordAudit(tx, {
      tenantId: auth.tenantId,
      actor: actorOf(auth),
      action: 'DATA_ERROR_REPORTED',
      entityType: 'ContactMessage',
      entityId: message.id,
      details: { studentId: student.id, tab: input.tab },
    });
  });
}

/** A document of a child's fascicolo; another family's id is "not found". */
export async function studentAttachment(db: Db, auth: SessionAuth, attachmentId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) throw new NotFoundError();
  const attachment = await db.attachment.findFirst({
    where: { id: attachmentId, tenantId: auth.tenantId, student: familyStudentWhere(auth) },
  });
  if (!attachment) throw new NotFoundError();
  return attachment;
}
