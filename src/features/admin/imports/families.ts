import { randomUUID } from 'node:crypto';
import { changesOf, recordAudits, snapshotOf, type Actor, type AuditEventInput } from '../../../audit.ts';
import { insertRows } from '../../../db/bulk.ts';
import type { Tx } from '../../../db/client.ts';
import type { CsvRow } from '../../../domain/csv-import.ts';
import { toDbDate } from '../../../domain/dates.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import { assignableBadge } from '../registry/badges.ts';
import { guardianSchema, studentSchema } from '../registry/schemas.ts';
import { chunksOf, refusalOf, type Importer, type Plan, type RowOutcome } from './plan.ts';

/** The file's columns for each field of the registry's forms (one row per child; the family's columns repeat). */
const GUARDIAN_COLUMNS = {
  fiscalCode: 'cf_intestatario',
  lastName: 'cognome_intestatario',
  firstName: 'nome_intestatario',
  email: 'email',
  phone: 'telefono',
  residenceStreet: 'indirizzo',
  residenceCity: 'comune',
  residenceZip: 'cap',
  residenceProv: 'provincia',
} as const;
const STUDENT_COLUMNS = {
  fiscalCode: 'cf_alunno',
  lastName: 'cognome_alunno',
  firstName: 'nome_alunno',
  birthDate: 'data_nascita',
  sex: 'sesso',
  birthPlace: 'luogo_nascita',
  birthProvince: 'provincia_nascita',
  schoolId: 'scuola',
  classId: 'classe',
  badgeNumber: 'badge',
} as const;
const OPTIONAL = new Set<string>(['email', 'telefono', 'classe', 'badge']);

export const FAMILY_COLUMNS = [...Object.values(GUARDIAN_COLUMNS), ...Object.values(STUDENT_COLUMNS)];

type GuardianFields = {
  fiscalCode: string;
  isCompany: boolean;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  residenceStreet: string;
  residenceCity: string;
  residenceZip: string;
  residenceProv: string;
};
type StudentFields = {
  fiscalCode: string;
  firstName: string;
  lastName: string;
  birthDate: Date;
  sex: 'M' | 'F';
  birthPlace: string;
  birthProvince: string;
  residenceStreet: string;
  residenceCity: string;
  residenceZip: string;
  residenceProv: string;
  schoolId: string;
  classId: string | null;
  guardianId: string;
};
type Change = ReturnType<typeof changesOf>;

const PLACE_SQL = { residenceStreet: 'text', residenceCity: 'text', residenceZip: 'text', residenceProv: 'text' };
const GUARDIAN_SQL = {
  id: 'uuid',
  tenantId: 'uuid',
  fiscalCode: 'text',
  isCompany: 'boolean',
  firstName: 'text',
  lastName: 'text',
  email: 'text',
  phone: 'text',
  ...PLACE_SQL,
};
const STUDENT_SQL = {
  id: 'uuid',
  tenantId: 'uuid',
  guardianId: 'uuid',
  fiscalCode: 'text',
  firstName: 'text',
  lastName: 'text',
  birthDate: 'date',
  sex: '"Sex"',
  birthPlace: 'text',
  birthProvince: 'text',
  ...PLACE_SQL,
  badgeNumber: 'text',
  schoolId: 'uuid',
  classId: 'uuid',
};

export interface FamilyWrites {
  guardiansCreated: (GuardianFields & { id: string })[];
  guardiansUpdated: { id: string; data: GuardianFields; changes: Change }[];
  studentsCreated: (StudentFields & { id: string; badgeNumber: string | null })[];
  studentsUpdated: { id: string; data: StudentFields; changes: Change }[];
}

const cellsOf = (row: CsvRow, columns: Record<string, string>) =>
  Object.fromEntries(Object.entries(columns).map(([field, column]) => [field, row.cells[column] ?? '']));

function parseGuardian(row: CsvRow) {
  const cells = cellsOf(row, GUARDIAN_COLUMNS);
  const isCompany = /^\d{11}$/.test(cells.fiscalCode.trim());
  const parsed = guardianSchema.safeParse({
    ...cells,
    isCompany: isCompany ? 'on' : '',
    paymentMethod: 'PAGOPA',
    iban: '',
    invoiceDelivery: 'PORTAL',
  });
  if (!parsed.success) return { error: refusalOf(parsed.error, GUARDIAN_COLUMNS) };
  const { paymentMethod: _p, iban: _i, invoiceDelivery: _d, ...fields } = parsed.data;
  return { fields: fields satisfies GuardianFields };
}

const hasStudent = (row: CsvRow) => Object.values(STUDENT_COLUMNS).some((column) => row.cells[column]);
const changed = (change: Change) => Object.keys(change.after);

/** Looks rows up by fiscal code in chunks, so a 20,000-row file is a few queries. */
async function byFiscalCode<T extends { fiscalCode: string | null }>(codes: string[], find: (codes: string[]) => Promise<T[]>) {
  const found = new Map<string, T>();
  for (const chunk of chunksOf([...new Set(codes)], 5000)) for (const row of await find(chunk)) found.set(row.fiscalCode!, row);
  return found;
}

/**
 * Families and students, keyed by fiscal code: a new code is created, a known one updated where the file
 * differs, the same data left alone (importing a file twice changes nothing). The rules are the registry
 * forms' (same zod schemas); a child whose family differs from the registry's is moved to it.
 */
async function planFamilies(tx: Tx, tenant: Tenant, rows: readonly CsvRow[]): Promise<Plan<FamilyWrites>> {
  const tenantId = tenant.id;
  const [schools, classes] = await Promise.all([
    tx.school.findMany({ where: { tenantId } }),
    tx.schoolClass.findMany({ where: { tenantId } }),
  ]);
  const upper = (row: CsvRow, column: string) => (row.cells[column] ?? '').trim().toUpperCase();
  const guardians = await byFiscalCode(
    rows.map((r) => upper(r, GUARDIAN_COLUMNS.fiscalCode)),
    (codes) => tx.guardian.findMany({ where: { tenantId, fiscalCode: { in: codes } } }),
  );
  const students = await byFiscalCode(
    rows.map((r) => upper(r, STUDENT_COLUMNS.fiscalCode)),
    (codes) => tx.student.findMany({ where: { tenantId, fiscalCode: { in: codes } } }),
  );
  const typedBadges = rows.map((r) => upper(r, STUDENT_COLUMNS.badgeNumber)).filter(Boolean);
  const [badgeHolders, retired] = await Promise.all([
    tx.student.findMany({ where: { tenantId, badgeNumber: { in: typedBadges } }, select: { badgeNumber: true, fiscalCode: true } }),
    tx.retiredBadge.findMany({ where: { tenantId, number: { in: typedBadges } }, select: { number: true } }),
  ]);
  const holderOf = new Map(badgeHolders.map((s) => [s.badgeNumber, s.fiscalCode]));
  const retiredBadges = new Set(retired.map((b) => b.number));

  const writes: FamilyWrites = { guardiansCreated: [], guardiansUpdated: [], studentsCreated: [], studentsUpdated: [] };
  const guardianSeen = new Map<string, { line: number; id: string; fields: GuardianFields }>();
  const studentSeen = new Map<string, number>();
  const badgeSeen = new Map<string, number>();

  const outcomes = rows.map((row): RowOutcome => {
    const refuse = (key: string, message: string): RowOutcome => ({ line: row.line, key, outcome: 'refused', message });
    const guardian = parseGuardian(row);
    const guardianCode = upper(row, GUARDIAN_COLUMNS.fiscalCode);
    if (!guardian.fields) return refuse(guardianCode, guardian.error);
    const parts: string[] = [];
    let outcome: RowOutcome['outcome'] = 'unchanged';
    let guardianId: string;
    const first = guardianSeen.get(guardian.fields.fiscalCode);
    if (first) {
      if (changed(changesOf(first.fields, guardian.fields)).length)
        return refuse(
          guardianCode,
          `L'intestatario ${guardianCode} compare alla riga ${first.line} con dati diversi: i dati della famiglia devono coincidere.`,
        );
      guardianId = first.id;
    } else {
      const existing = guardians.get(guardian.fields.fiscalCode);
      if (!existing) {
        guardianId = randomUUID();
        writes.guardiansCreated.push({ id: guardianId, ...guardian.fields });
        outcome = 'created';
        parts.push('intestatario nuovo');
      } else {
        guardianId = existing.id;
        const changes = changesOf(existing, guardian.fields);
        if (changed(changes).length) {
          writes.guardiansUpdated.push({ id: existing.id, data: guardian.fields, changes });
          outcome = 'updated';
          parts.push(`intestatario aggiornato (${changed(changes).join(', ')})`);
        } else parts.push('intestatario invariato');
      }
      guardianSeen.set(guardian.fields.fiscalCode, { line: row.line, id: guardianId, fields: guardian.fields });
    }
    if (!hasStudent(row)) return { line: row.line, key: guardianCode, outcome, message: parts.join('; ') };

    const studentCode = upper(row, STUDENT_COLUMNS.fiscalCode);
    const school = schools.find((s) => s.code.toUpperCase() === upper(row, STUDENT_COLUMNS.schoolId));
    if (!school) return refuse(studentCode, `scuola: nessuna scuola del Comune ha il codice "${row.cells.scuola ?? ''}".`);
    const className = (row.cells.classe ?? '').trim();
    const schoolClass = classes.find((c) => c.schoolId === school.id && c.name.toUpperCase() === className.toUpperCase());
    if (className && !schoolClass) return refuse(studentCode, `classe: la scuola ${school.code} non ha la classe "${className}".`);
    const parsed = studentSchema.safeParse({
      ...cellsOf(row, STUDENT_COLUMNS),
      ...cellsOf(row, { residenceStreet: 'indirizzo', residenceCity: 'comune', residenceZip: 'cap', residenceProv: 'provincia' }),
      schoolId: school.id,
      classId: schoolClass?.id ?? '',
    });
    if (!parsed.success) return refuse(studentCode, refusalOf(parsed.error, STUDENT_COLUMNS));
    const { badgeNumber, birthDate, ...rest } = parsed.data;
    const data: StudentFields = { ...rest, birthDate: toDbDate(birthDate), guardianId };
    const twice = studentSeen.get(data.fiscalCode);
    if (twice) return refuse(studentCode, `L'alunno ${studentCode} compare già alla riga ${twice}.`);
    studentSeen.set(data.fiscalCode, row.line);
    const existing = students.get(data.fiscalCode);
    if (existing) {
      if (badgeNumber && badgeNumber !== existing.badgeNumber)
        return refuse(studentCode, `badge: l'alunno ha già il badge ${existing.badgeNumber}; un badge si sostituisce dalla sua scheda.`);
      const changes = changesOf(existing, data);
      if (!changed(changes).length) parts.push('alunno invariato');
      else {
        writes.studentsUpdated.push({ id: existing.id, data, changes });
        if (outcome === 'unchanged') outcome = 'updated';
        parts.push(`alunno aggiornato (${changed(changes).join(', ')})`);
      }
    } else {
      if (badgeNumber) {
        const holder = holderOf.get(badgeNumber);
        if (holder !== undefined) return refuse(studentCode, `badge: il badge ${badgeNumber} è già assegnato a un altro alunno.`);
        if (retiredBadges.has(badgeNumber))
          return refuse(studentCode, `badge: il badge ${badgeNumber} è stato sostituito in passato e non si riassegna.`);
        const other = badgeSeen.get(badgeNumber);
        if (other) return refuse(studentCode, `badge: il badge ${badgeNumber} è già alla riga ${other}.`);
        badgeSeen.set(badgeNumber, row.line);
      }
      writes.studentsCreated.push({ id: randomUUID(), badgeNumber, ...data });
      outcome = 'created';
      parts.push('alunno nuovo');
    }
    return { line: row.line, key: studentCode, outcome, message: parts.join('; ') };
  });
  return { rows: outcomes, writes };
}

/** The next free numeric badges after the Comune's highest and after any number typed in the file. */
async function badgeNumbers(tx: Tx, tenant: Tenant, planned: FamilyWrites['studentsCreated']): Promise<string[]> {
  const typed = planned.map((s) => s.badgeNumber).filter((b): b is string => !!b && /^\d{1,15}$/.test(b));
  let next = BigInt(await assignableBadge(tx, tenant, null));
  for (const badge of typed) if (BigInt(badge) >= next) next = BigInt(badge) + 1n;
  return planned.map((s) => s.badgeNumber ?? String(next++));
}

async function applyFamilies(
  tx: Tx,
  tenant: Tenant,
  actor: Actor,
  { writes }: Plan<FamilyWrites>,
  progress: (done: number, of: number) => Promise<void>,
) {
  const tenantId = tenant.id;
  const of =
    writes.guardiansCreated.length + writes.guardiansUpdated.length + writes.studentsCreated.length + writes.studentsUpdated.length;
  let done = 0;
  const step = async (count: number) => progress((done += count), of);
  const audits: AuditEventInput[] = [];
  const audit = (action: string, entityType: string, entityId: string, details: AuditEventInput['details']) =>
    audits.push({ tenantId, actor, action, entityType, entityId, details });

  for (const chunk of chunksOf(writes.guardiansCreated)) {
    await insertRows(
      tx,
      'Guardian',
      GUARDIAN_SQL,
      chunk.map((g) => ({ tenantId, ...g })),
    );
    for (const g of chunk) audit('GUARDIAN_IMPORTED', 'Guardian', g.id, { after: snapshotOf(g, ['id']) });
    await step(chunk.length);
  }
  for (const chunk of chunksOf(writes.guardiansUpdated)) {
    await tx.$executeRaw`
      UPDATE "Guardian" AS g SET "isCompany" = v."isCompany", "firstName" = v."firstName", "lastName" = v."lastName",
        email = v.email, phone = v.phone, "residenceStreet" = v."residenceStreet", "residenceCity" = v."residenceCity",
        "residenceZip" = v."residenceZip", "residenceProv" = v."residenceProv"
      FROM jsonb_to_recordset(${JSON.stringify(chunk.map((g) => ({ id: g.id, ...g.data })))}::jsonb) AS v(
        id uuid, "isCompany" boolean, "firstName" text, "lastName" text, email text, phone text,
        "residenceStreet" text, "residenceCity" text, "residenceZip" text, "residenceProv" text)
      WHERE g.id = v.id AND g."tenantId" = ${tenantId}::uuid`;
    for (const g of chunk) audit('GUARDIAN_UPDATED', 'Guardian', g.id, { ...g.changes, source: 'import' });
    await step(chunk.length);
  }
  const badges = await badgeNumbers(tx, tenant, writes.studentsCreated);
  const created = writes.studentsCreated.map((s, i) => ({ ...s, badgeNumber: badges[i] }));
  for (const chunk of chunksOf(created)) {
    await insertRows(
      tx,
      'Student',
      STUDENT_SQL,
      chunk.map((s) => ({ tenantId, ...s, birthDate: s.birthDate.toISOString().slice(0, 10) })),
    );
    for (const s of chunk) audit('STUDENT_IMPORTED', 'Student', s.id, { after: snapshotOf(s, ['id']) });
    await step(chunk.length);
  }
  for (const chunk of chunksOf(writes.studentsUpdated)) {
    const values = chunk.map((s) => ({ id: s.id, ...s.data, birthDate: s.data.birthDate.toISOString().slice(0, 10) }));
    await tx.$executeRaw`
      UPDATE "Student" AS s SET "firstName" = v."firstName", "lastName" = v."lastName", "birthDate" = v."birthDate",
        sex = v.sex::"Sex", "birthPlace" = v."birthPlace", "birthProvince" = v."birthProvince",
        "residenceStreet" = v."residenceStreet", "residenceCity" = v."residenceCity", "residenceZip" = v."residenceZip",
        "residenceProv" = v."residenceProv", "schoolId" = v."schoolId", "classId" = v."classId", "guardianId" = v."guardianId"
      FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(
        id uuid, "firstName" text, "lastName" text, "birthDate" date, sex text, "birthPlace" text, "birthProvince" text,
        "residenceStreet" text, "residenceCity" text, "residenceZip" text, "residenceProv" text,
        "schoolId" uuid, "classId" uuid, "guardianId" uuid)
      WHERE s.id = v.id AND s."tenantId" = ${tenantId}::uuid`;
    for (const s of chunk) audit('STUDENT_UPDATED', 'Student', s.id, { ...s.changes, source: 'import' });
    await step(chunk.length);
  }
  for (const chunk of chunksOf(audits)) await recordAudits(tx, chunk);
}

export const familiesImporter: Importer<FamilyWrites> = {
  required: FAMILY_COLUMNS.filter((column) => !OPTIONAL.has(column)),
  plan: planFamilies,
  apply: applyFamilies,
};
