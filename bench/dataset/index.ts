// Loads a large Comune into an already migrated database, next to whatever is there (the demo Comuni), with COPY.
// The two big tables (Booking, WalletMovement) are loaded without their indexes and constraints, which are then
// built again exactly as the migrations define them, so every row is checked by the same keys the app relies on.
import type pg from 'pg';
import type { IsoDate } from '../../src/domain/dates.ts';
import { closureDays, NATIONAL_CLOSURES } from '../../prisma/seed/calendar.ts';
import { romeAt } from '../../prisma/seed/days.ts';
import { dishesFor } from '../../prisma/seed/menus.ts';
import { createRng } from '../../prisma/seed/random.ts';
import { planComune, type PlannedComune } from './comune.ts';
import { copyRows, CopyWriter, dropIndexesOf, rebuild, type CopyValue } from './copy.ts';
import {
  BOOKING_COLUMNS,
  HistoryMaker,
  INVOICE_COLUMNS,
  INVOICE_LINE_COLUMNS,
  MOVEMENT_COLUMNS,
  NOTICE_COLUMNS,
  NOTICE_ITEM_COLUMNS,
  RECEIPT_COLUMNS,
  WALLET_COLUMNS,
  type HistoryBuffers,
} from './history.ts';
import { createIdFactory } from './ids.ts';

export interface DatasetOptions {
  slug: string;
  students: number;
  seed: string;
  /** the Rome calendar day the data is "as of": days before it are closed */
  today: IsoDate;
  billingMode: 'PREPAID' | 'POSTPAID';
  segregationCode: string;
  /** false: children, enrollments and wallets with an opening balance only (for the day close at scale) */
  history: boolean;
  log?: (line: string) => void;
}

export interface DatasetSummary {
  tenantId: string;
  counts: Record<string, number>;
  seconds: number;
}

const SCHOOL_YEAR = '2026/2027';
/** every tariff version of the generated year starts with it */
const YEAR_START = '2026-09-01';
const BIG_TABLES = ['Booking', 'WalletMovement'];

/** Base time of the ids: a stable instant per slug, so two datasets in one database never share an id prefix. */
function idBase(slug: string): number {
  let h = 0;
  for (const c of slug) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return Date.UTC(2026, 0, 1) + (h % 10_000) * 86_400_000;
}

async function copyBase(client: pg.PoolClient, c: PlannedComune, newId: () => string, history: boolean): Promise<Record<string, number>> {
  const t = c.tenant;
  const counts: Record<string, number> = {};
  const copy = async (table: string, columns: string[], rows: Iterable<readonly CopyValue[]>) => {
    counts[table] = (counts[table] ?? 0) + (await copyRows(client, table, columns, rows));
  };
  await copy(
    'Tenant',
    [
      'id',
      'slug',
      'name',
      'province',
      'fiscalCode',
      'ipaCode',
      'cadastralCode',
      'segregationCode',
      'cbillCode',
      'iban',
      'billingMode',
    ].concat(['officeName', 'officeEmail', 'officePhone', 'officeAddress', 'officeHours', 'websiteUrl']),
    [
      [
        t.id,
        t.slug,
        t.name,
        t.province,
        t.fiscalCode,
        `c_${t.slug.replace(/-/g, '').slice(0, 8)}`,
        t.cadastralCode,
        t.segregationCode,
        'C9T4G',
        t.iban,
        t.billingMode,
        'Servizi Educativi',
        `istruzione@comune.${t.slug}.example`,
        '+39 011 0000000',
        `Piazza Palazzo di Città 1, ${t.zip} ${t.city} (${t.province})`,
        'Lun–Ven 9:00–12:00',
        `https://www.comune.${t.slug}.example`,
      ],
    ],
  );
  await copy(
    'School',
    ['id', 'tenantId', 'code', 'name', 'kind', 'address'],
    c.schools.map((s) => [s.id, t.id, s.code, s.name, s.kind, `Via delle Scuole ${s.code.slice(4)}, ${t.zip} ${t.city}`]),
  );
  await copy(
    'SchoolClass',
    ['id', 'tenantId', 'schoolId', 'name', 'mealWeekdays'],
    c.classes.map((k) => [k.id, t.id, k.school.id, k.name, k.mealWeekdays]),
  );
  await copy(
    'ServiceCalendar',
    ['id', 'tenantId', 'schoolId', 'schoolYear', 'startsOn', 'endsOn'],
    c.schools.map((s) => [newId(), t.id, s.id, SCHOOL_YEAR, s.startsOn, s.endsOn]),
  );
  await copy(
    'ClosureDay',
    ['id', 'tenantId', 'schoolId', 'date', 'kind', 'reason'],
    c.schools.flatMap((s) =>
      [...closureDays(NATIONAL_CLOSURES, s.startsOn, s.endsOn)].map(([day, k]) => [newId(), t.id, s.id, day, k.kind, k.reason]),
    ),
  );
  const menuDays: CopyValue[][] = [];
  const dishes: CopyValue[][] = [];
  for (const school of c.schools) {
    for (const day of school.kitchenDays) {
      const menuDayId = newId();
      menuDays.push([menuDayId, t.id, school.id, day]);
      for (const d of dishesFor(day, school.kind === 'INFANZIA'))
        dishes.push([newId(), t.id, menuDayId, d.course, d.name, d.allergens, d.dietCode, d.position]);
    }
  }
  await copy('MenuDay', ['id', 'tenantId', 'schoolId', 'date'], menuDays);
  await copy('MenuDish', ['id', 'tenantId', 'menuDayId', 'course', 'name', 'allergens', 'dietCode', 'position'], dishes);
  await copy(
    'Service',
    ['id', 'tenantId', 'code', 'name', 'kind', 'billingMode'],
    [[c.canteenServiceId, t.id, 'REFEZIONE', 'Refezione scolastica', 'CANTEEN', t.billingMode]],
  );
  await copy(
    'Tariff',
    [
      'id',
      'tenantId',
      'serviceId',
      'schoolYear',
      'code',
      'description',
      'unit',
      'amountCents',
      'iseeFromCents',
      'iseeToCents',
      'siblingReductionPct',
      'laterSiblingReductionPct',
      'validFrom',
    ],
    c.tariffs.map((f) => [
      f.id,
      t.id,
      c.canteenServiceId,
      SCHOOL_YEAR,
      f.code,
      f.description,
      f.unit,
      f.amountCents,
      f.iseeFromCents,
      f.iseeToCents,
      f.siblingReductionPct,
      f.laterSiblingReductionPct,
      YEAR_START,
    ]),
  );
  const home = { city: t.city, zip: t.zip, province: t.province };
  await copy(
    'Guardian',
    [
      'id',
      'tenantId',
      'fiscalCode',
      'firstName',
      'lastName',
      'email',
      'phone',
      'residenceCity',
      'residenceZip',
      'residenceProv',
      'residenceStreet',
    ],
    c.guardians.map((g) => [
      g.id,
      t.id,
      g.fiscalCode,
      g.firstName,
      g.lastName,
      g.email,
      g.phone,
      home.city,
      home.zip,
      home.province,
      g.street,
    ]),
  );
  await copy(
    'Student',
    ['id', 'tenantId', 'guardianId', 'fiscalCode', 'firstName', 'lastName', 'birthDate', 'birthPlace', 'birthProvince', 'sex'].concat([
      'residenceCity',
      'residenceZip',
      'residenceProv',
      'residenceStreet',
      'badgeNumber',
      'schoolId',
      'classId',
    ]),
    c.students.map((s) => [
      s.id,
      t.id,
      s.guardian.id,
      s.fiscalCode,
      s.firstName,
      s.lastName,
      s.birthDate,
      t.city,
      t.province,
      s.sex,
      home.city,
      home.zip,
      home.province,
      s.guardian.street,
      s.badgeNumber,
      s.schoolClass.school.id,
      s.schoolClass.id,
    ]),
  );
  await copy(
    'Enrollment',
    ['id', 'tenantId', 'studentId', 'serviceId', 'schoolYear', 'schoolId', 'classId', 'iseeCents', 'startsOn'],
    c.students.map((s) => [
      newId(),
      t.id,
      s.id,
      c.canteenServiceId,
      SCHOOL_YEAR,
      s.schoolClass.school.id,
      s.schoolClass.id,
      s.guardian.iseeCents,
      s.schoolClass.school.startsOn,
    ]),
  );
  if (!history && t.billingMode === 'PREPAID') {
    const wallets = c.students.map((s) => ({ id: newId(), student: s }));
    await copy(
      'Wallet',
      WALLET_COLUMNS,
      wallets.map((w) => [w.id, t.id, w.student.id, c.canteenServiceId]),
    );
    const opening = new Date(Date.UTC(2026, 8, 1, 6));
    await copy(
      'WalletMovement',
      MOVEMENT_COLUMNS,
      wallets.map((w) => [
        newId(),
        t.id,
        w.id,
        opening,
        'OPENING',
        20_000,
        "Saldo riportato dall'anno scolastico 2025/2026",
        null,
        null,
        'system',
      ]),
    );
  }
  return counts;
}

async function copyHistory(pool: pg.Pool, client: pg.PoolClient, c: PlannedComune, options: DatasetOptions, newId: () => string) {
  const rng = createRng(`${options.seed}:history:${options.slug}`);
  const [bookingClient, movementClient] = [await pool.connect(), await pool.connect()];
  const buffers: HistoryBuffers = {
    notices: [],
    receipts: [],
    invoices: [],
    invoiceLines: [],
    noticeItems: [],
    wallets: [],
    mealsByDay: new Map(),
  };
  const counts: Record<string, number> = {};
  try {
    const writers = {
      bookings: CopyWriter.start(bookingClient, 'Booking', BOOKING_COLUMNS),
      movements: CopyWriter.start(movementClient, 'WalletMovement', MOVEMENT_COLUMNS),
    };
    const maker = new HistoryMaker(c, options.today, rng, newId, writers, buffers);
    for (const student of c.students) await maker.student(student);
    counts.Booking = await writers.bookings.end();
    counts.WalletMovement = await writers.movements.end();
  } finally {
    bookingClient.release();
    movementClient.release();
  }
  const t = c.tenant;
  const copy = async (table: string, columns: string[], rows: CopyValue[][]) => {
    counts[table] = await copyRows(client, table, columns, rows);
  };
  await copy('Wallet', WALLET_COLUMNS, buffers.wallets);
  await copy('Invoice', INVOICE_COLUMNS, buffers.invoices);
  await copy('InvoiceLine', INVOICE_LINE_COLUMNS, buffers.invoiceLines);
  await copy('PaymentNotice', NOTICE_COLUMNS, buffers.notices);
  await copy('PaymentNoticeItem', NOTICE_ITEM_COLUMNS, buffers.noticeItems);
  await copy('Receipt', RECEIPT_COLUMNS, buffers.receipts);
  await copy(
    'ServiceDayClosing',
    ['id', 'tenantId', 'date', 'closedAt', 'mealsCharged'],
    [...buffers.mealsByDay]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, meals]) => [newId(), t.id, day, new Date(romeAt(day, '09:00').getTime() + 60_000), meals]),
  );
  return counts;
}

/** Generates and loads one Comune; fails if its slug is already there. */
export async function generateComune(pool: pg.Pool, options: DatasetOptions): Promise<DatasetSummary> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const rng = createRng(`${options.seed}:${options.slug}`);
  const newId = createIdFactory(idBase(options.slug), rng);
  const comune = planComune(options, rng, newId);
  log(
    `${options.slug}: planned ${comune.students.length} children in ${comune.guardians.length} families, ${comune.schools.length} schools, ${comune.classes.length} classes`,
  );
  const client = await pool.connect();
  try {
    const counts = await copyBase(client, comune, newId, options.history);
    if (options.history) {
      const dropped = await dropIndexesOf(client, BIG_TABLES);
      log(`${options.slug}: base loaded (${((performance.now() - started) / 1000).toFixed(1)} s); loading the school year`);
      Object.assign(counts, await copyHistory(pool, client, comune, options, newId));
      log(
        `${options.slug}: rows loaded (${((performance.now() - started) / 1000).toFixed(1)} s); rebuilding ${dropped.length} indexes and constraints`,
      );
      await rebuild(pool, dropped);
    }
    await client.query('ANALYZE');
    const seconds = (performance.now() - started) / 1000;
    log(
      `${options.slug}: ${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')} in ${seconds.toFixed(1)} s`,
    );
    return { tenantId: comune.tenant.id, counts, seconds };
  } finally {
    client.release();
  }
}
