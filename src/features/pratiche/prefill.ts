import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { formatEuroPlain } from '../../domain/money.ts';
import { schoolYearOf, type SchoolYear } from '../../domain/school-year.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { studentOfFamily } from '../family/scope.ts';
import type { PraticaType, StepValues } from './fields.ts';

/**
 * A new draft's first values: the child it is about, and for a returning student's enrollment what this
 * year's enrollment and the family's record say (school, class, rientri, ISEE, diet, payment method).
 */
export async function prefilledSteps(
  db: Db,
  auth: SessionAuth,
  kind: PraticaType,
  studentId: string | null,
  today: IsoDate,
): Promise<Record<string, StepValues>> {
  if (!studentId) return {};
  const student = await studentOfFamily(db, auth, studentId);
  const firstStep = kind.steps[0];
  const steps: Record<string, StepValues> = firstStep.fields.some((f) => f.name === 'studentId')
    ? { [firstStep.key]: { studentId: student.id } }
    : {};
  if (kind.type !== 'ENROLLMENT') return steps;
  const thisYear: SchoolYear = schoolYearOf(today);
  const [enrollment, guardian] = await Promise.all([
    db.enrollment.findFirst({
      where: {
        tenantId: auth.tenantId,
        studentId: student.id,
        schoolYear: thisYear,
        service: { tenantId: auth.tenantId, kind: 'CANTEEN' },
      },
    }),
    db.guardian.findFirstOrThrow({ where: { tenantId: auth.tenantId, id: student.guardianId } }),
  ]);
  return {
    ...steps,
    scuola: {
      schoolId: student.schoolId,
      classId: student.classId ?? '',
      mealWeekdays: (enrollment?.mealWeekdays ?? []).map(String),
    },
    dieta: enrollment?.dietCode
      ? { dietRequested: 'SI', dietCode: enrollment.dietCode, dietNote: enrollment.dietNote ?? '' }
      : { dietRequested: 'NO' },
    isee: {
      isee: enrollment?.iseeCents != null ? formatEuroPlain(enrollment.iseeCents) : '',
      dsuProtocol: enrollment?.dsuProtocol ?? '',
    },
    pagamento: { paymentMethod: guardian.paymentMethod, iban: guardian.iban ?? '' },
  };
}
