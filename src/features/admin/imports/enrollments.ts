import { randomUUID } from 'node:crypto';
import { changesOf, recordAudits, snapshotOf, type AuditEventInput } from '../../../audit.ts';
import type { Tx } from '../../../db/client.ts';
import type { CsvRow } from '../../../domain/csv-import.ts';
import { parseItalianDate, toDbDate } from '../../../domain/dates.ts';
import { parseEuroInput } from '../../../domain/money.ts';
import { isSchoolYear } from '../../../domain/school-year.ts';
import type { Student, Tenant } from '../../../generated/prisma/client.ts';
import { chunksOf, type Importer, type Plan, type RowOutcome } from './plan.ts';

export const ENROLLMENT_COLUMNS = ['cf_alunno', 'servizio', 'anno_scolastico', 'isee', 'inizio', 'fine', 'scuola', 'classe'] as const;
const OPTIONAL = new Set<string>(['isee', 'fine', 'scuola', 'classe']);

type EnrollmentFields = {
  studentId: string;
  serviceId: string;
  schoolYear: string;
  schoolId: string;
  classId: string | null;
  iseeCents: number | null;
  startsOn: Date;
  endsOn: Date | null;
};

export interface EnrollmentWrites {
  created: (EnrollmentFields & { id: string; guardianId: string })[];
  updated: { id: string; guardianId: string; data: EnrollmentFields; changes: ReturnType<typeof changesOf> }[];
}

/**
 * The one place that turns a checked row into Enrollment fields. The tariff band and the sibling order are not
 * stored: the price function derives them from the ISEE and the family on each day.
 */
function enrollmentFields(
  student: Student,
  input: { serviceId: string; schoolYear: string; iseeCents: number | null; startsOn: string; endsOn: string | null },
  place: { schoolId: string; classId: string | null } | null,
): EnrollmentFields {
  return {
    studentId: student.id,
    serviceId: input.serviceId,
    schoolYear: input.schoolYear,
    schoolId: place?.schoolId ?? student.schoolId,
    classId: place ? place.classId : student.classId,
    iseeCents: input.iseeCents,
    startsOn: toDbDate(input.startsOn),
    endsOn: input.endsOn ? toDbDate(input.endsOn) : null,
  };
}

/** Enrollments keyed by student, service and school year (one per student, service and year): new, changed or the same. */
async function planEnrollments(tx: Tx, tenant: Tenant, rows: readonly CsvRow[]): Promise<Plan<EnrollmentWrites>> {
  const tenantId = tenant.id;
  const cell = (row: CsvRow, column: string) => (row.cells[column] ?? '').trim();
  const codes = [...new Set(rows.map((r) => cell(r, 'cf_alunno').toUpperCase()))];
  const students = (
    await Promise.all(chunksOf(codes, 5000).map((chunk) => tx.student.findMany({ where: { tenantId, fiscalCode: { in: chunk } } })))
  ).flat();
  const [services, schools, classes, existing] = await Promise.all([
    tx.service.findMany({ where: { tenantId } }),
    tx.school.findMany({ where: { tenantId } }),
    tx.schoolClass.findMany({ where: { tenantId } }),
    Promise.all(
      chunksOf(
        students.map((s) => s.id),
        5000,
      ).map((ids) => tx.enrollment.findMany({ where: { tenantId, studentId: { in: ids } } })),
    ).then((r) => r.flat()),
  ]);
  const studentOf = new Map(students.map((s) => [s.fiscalCode!, s]));
  const enrollmentOf = new Map(existing.map((e) => [`${e.studentId}|${e.serviceId}|${e.schoolYear}`, e]));
  const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();
  const writes: EnrollmentWrites = { created: [], updated: [] };
  const seen = new Map<string, number>();

  const outcomes = rows.map((row): RowOutcome => {
    const key = `${cell(row, 'cf_alunno').toUpperCase()} ${cell(row, 'servizio')} ${cell(row, 'anno_scolastico')}`;
    const refuse = (message: string): RowOutcome => ({ line: row.line, key, outcome: 'refused', message });
    const student = studentOf.get(cell(row, 'cf_alunno').toUpperCase());
    if (!student) return refuse('cf_alunno: nessun alunno del Comune ha questo codice fiscale (importa prima le famiglie).');
    const service = services.find((s) => same(s.code, cell(row, 'servizio')));
    if (!service) return refuse(`servizio: nessun servizio del Comune ha il codice "${cell(row, 'servizio')}".`);
    const schoolYear = cell(row, 'anno_scolastico');
    if (!isSchoolYear(schoolYear)) return refuse('anno_scolastico: scrivi l’anno come 2026/2027.');
    const iseeText = cell(row, 'isee');
    const iseeCents = iseeText ? parseEuroInput(iseeText) : null;
    if (iseeText && iseeCents === null) return refuse('isee: scrivi il valore ISEE in euro, ad esempio 12.500,00, o lascia vuoto.');
    const startsOn = parseItalianDate(cell(row, 'inizio'));
    if (!startsOn) return refuse('inizio: scrivi la data di inizio nel formato gg/mm/aaaa.');
    const endsOn = cell(row, 'fine') ? parseItalianDate(cell(row, 'fine')) : null;
    if (cell(row, 'fine') && (!endsOn || endsOn < startsOn))
      return refuse('fine: scrivi una data gg/mm/aaaa non precedente all’inizio, o lascia vuoto.');
    let place: { schoolId: string; classId: string | null } | null = null;
    if (cell(row, 'scuola')) {
      const school = schools.find((s) => same(s.code, cell(row, 'scuola')));
      if (!school) return refuse(`scuola: nessuna scuola del Comune ha il codice "${cell(row, 'scuola')}".`);
      const schoolClass = cell(row, 'classe')
        ? classes.find((c) => c.schoolId === school.id && same(c.name, cell(row, 'classe')))
        : undefined;
      if (cell(row, 'classe') && !schoolClass) return refuse(`classe: la scuola ${school.code} non ha la classe "${cell(row, 'classe')}".`);
      place = { schoolId: school.id, classId: schoolClass?.id ?? null };
    }
    const naturalKey = `${student.id}|${service.id}|${schoolYear}`;
    const twice = seen.get(naturalKey);
    if (twice) return refuse(`L'alunno è già iscritto allo stesso servizio e anno alla riga ${twice}.`);
    seen.set(naturalKey, row.line);
    const data = enrollmentFields(student, { serviceId: service.id, schoolYear, iseeCents, startsOn, endsOn }, place);
    const before = enrollmentOf.get(naturalKey);
    if (!before) {
      writes.created.push({ id: randomUUID(), guardianId: student.guardianId, ...data });
      return { line: row.line, key, outcome: 'created', message: 'iscrizione nuova' };
    }
    const changes = changesOf(before, data);
    if (!Object.keys(changes.after).length) return { line: row.line, key, outcome: 'unchanged', message: 'iscrizione invariata' };
    writes.updated.push({ id: before.id, guardianId: student.guardianId, data, changes });
    return { line: row.line, key, outcome: 'updated', message: `iscrizione aggiornata (${Object.keys(changes.after).join(', ')})` };
  });
  return { rows: outcomes, writes };
}

async function applyEnrollments(
  tx: Tx,
  tenant: Tenant,
  actor: AuditEventInput['actor'],
  { writes }: Plan<EnrollmentWrites>,
  progress: (done: number, of: number) => Promise<void>,
) {
  const tenantId = tenant.id;
  const of = writes.created.length + writes.updated.length;
  let done = 0;
  const audits: AuditEventInput[] = [];
  for (const chunk of chunksOf(writes.created)) {
    await tx.enrollment.createMany({ data: chunk.map(({ guardianId: _g, ...e }) => ({ tenantId, ...e })) });
    for (const e of chunk)
      audits.push({
        tenantId,
        actor,
        action: 'ENROLLMENT_IMPORTED',
        entityType: 'Enrollment',
        entityId: e.id,
        details: { after: snapshotOf(e, ['id', 'guardianId']) },
      });
    await progress((done += chunk.length), of);
  }
  for (const chunk of chunksOf(writes.updated)) {
    const values = chunk.map((e) => ({
      id: e.id,
      ...e.data,
      startsOn: e.data.startsOn.toISOString().slice(0, 10),
      endsOn: e.data.endsOn?.toISOString().slice(0, 10) ?? null,
    }));
    await tx.$executeRaw`
      UPDATE "Enrollment" AS e SET "schoolId" = v."schoolId", "classId" = v."classId",
        "iseeCents" = v."iseeCents", "startsOn" = v."startsOn", "endsOn" = v."endsOn"
      FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(
        id uuid, "schoolId" uuid, "classId" uuid, "iseeCents" int, "startsOn" date, "endsOn" date)
      WHERE e.id = v.id AND e."tenantId" = ${tenantId}::uuid`;
    for (const e of chunk)
      audits.push({
        tenantId,
        actor,
        action: 'ENROLLMENT_UPDATED',
        entityType: 'Enrollment',
        entityId: e.id,
        details: { ...e.changes, source: 'import' },
      });
    await progress((done += chunk.length), of);
  }
  for (const chunk of chunksOf(audits)) await recordAudits(tx, chunk);
}

export const enrollmentsImporter: Importer<EnrollmentWrites> = {
  required: ENROLLMENT_COLUMNS.filter((column) => !OPTIONAL.has(column)),
  plan: planEnrollments,
  apply: applyEnrollments,
};
