// A large Comune planned in memory: its schools (a third nursery, half primary, a sixth lower secondary), classes
// with their rientri, calendars, tariffs, and families of one to three children. Everything derives from the seed.
import { buildFiscalCode, isValidVatNumber, maskFiscalCode } from '../../src/domain/fiscal-code.ts';
import { eachDay, type IsoDate } from '../../src/domain/dates.ts';
import { serviceRunsOn } from '../../src/domain/service-days.ts';
import { percentOf } from '../../src/domain/money.ts';
import { bandForIsee, reductionForRank, type TariffVersion } from '../../src/domain/tariffs.ts';
import { closureDays, NATIONAL_CLOSURES } from '../../prisma/seed/calendar.ts';
import { SERVICE_START } from '../../prisma/seed/context.ts';
import type { Rng } from '../../prisma/seed/random.ts';
import { CANTEEN_BANDS } from '../../prisma/seed/tenants.ts';
import { FEMALE_NAMES, MALE_NAMES, STREETS, SURNAMES } from './names.ts';

export type SchoolKind = 'INFANZIA' | 'PRIMARIA' | 'SECONDARIA';

export interface PlannedSchool {
  id: string;
  kind: SchoolKind;
  code: string;
  name: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  closures: Map<IsoDate, string>;
  /** every weekday the kitchen cooks, in order */
  kitchenDays: IsoDate[];
}

export interface PlannedClass {
  id: string;
  school: PlannedSchool;
  name: string;
  grade: number;
  mealWeekdays: number[];
  /** the school's kitchen days on this class's rientri */
  serviceDays: IsoDate[];
}

export type PlannedTariff = Omit<TariffVersion, 'validFrom'>;

export interface PlannedGuardian {
  id: string;
  fiscalCode: string;
  firstName: string;
  lastName: string;
  /** how the app labels the guardian as the author of a request */
  label: string;
  email: string | null;
  phone: string;
  street: string;
  iseeCents: number | null;
}

export interface PlannedStudent {
  id: string;
  guardian: PlannedGuardian;
  fiscalCode: string;
  firstName: string;
  lastName: string;
  birthDate: IsoDate;
  sex: 'M' | 'F';
  badgeNumber: string;
  schoolClass: PlannedClass;
  tariff: PlannedTariff;
  siblingRank: number;
  mealCents: number;
}

export interface PlannedComune {
  tenant: {
    id: string;
    slug: string;
    name: string;
    city: string;
    province: string;
    zip: string;
    fiscalCode: string;
    cadastralCode: string;
    segregationCode: string;
    iban: string;
    billingMode: 'PREPAID' | 'POSTPAID';
  };
  canteenServiceId: string;
  schools: PlannedSchool[];
  classes: PlannedClass[];
  tariffs: PlannedTariff[];
  guardians: PlannedGuardian[];
  students: PlannedStudent[];
}

export interface ComuneOptions {
  slug: string;
  students: number;
  billingMode: 'PREPAID' | 'POSTPAID';
  segregationCode: string;
}

const CLASS_SIZE = 24;
const SCHOOL_END: Record<SchoolKind, IsoDate> = { INFANZIA: '2027-06-30', PRIMARIA: '2027-06-09', SECONDARIA: '2027-06-09' };
const SCHOOL_LABEL: Record<SchoolKind, string> = {
  INFANZIA: 'Scuola dell’infanzia',
  PRIMARIA: 'Scuola primaria',
  SECONDARIA: 'Scuola secondaria di primo grado',
};
/** Birth years of each grade in the school year 2026/2027 (grade 1 = the youngest). */
const FIRST_GRADE_BORN: Record<SchoolKind, number> = { INFANZIA: 2023, PRIMARIA: 2020, SECONDARIA: 2015 };
const GRADES: Record<SchoolKind, number> = { INFANZIA: 3, PRIMARIA: 5, SECONDARIA: 3 };

function titleCase(slug: string): string {
  return slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** An 11-digit fiscal code of a public body, check digit included. */
function enteFiscalCode(rng: Rng): string {
  const body = `8${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
  for (let check = 0; check <= 9; check++) if (isValidVatNumber(body + check)) return body + check;
  throw new Error('unreachable: one check digit always fits');
}

/** An Italian IBAN with correct ISO 7064 check digits. */
function italianIban(rng: Rng): string {
  const bban = `X0503401600${String(rng.int(0, 999_999_999)).padStart(12, '0')}`;
  const digits = `${bban}IT00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return `IT${String(98 - rest).padStart(2, '0')}${bban}`;
}

function planSchools(count: number, newId: () => string, name: string): PlannedSchool[] {
  const kinds: SchoolKind[] = [];
  for (let i = 0; i < count; i++) kinds.push(i % 6 === 5 ? 'SECONDARIA' : i % 6 === 0 || i % 6 === 3 ? 'INFANZIA' : 'PRIMARIA');
  return kinds.map((kind, i) => {
    const endsOn = SCHOOL_END[kind];
    const closures = new Map([...closureDays(NATIONAL_CLOSURES, SERVICE_START, endsOn)].map(([day, c]) => [day, c.reason]));
    const calendar = { startsOn: SERVICE_START, endsOn, closures, mealWeekdays: [1, 2, 3, 4, 5] };
    return {
      id: newId(),
      kind,
      code: `${kind.slice(0, 3)}-${String(i + 1).padStart(3, '0')}`,
      name: `${SCHOOL_LABEL[kind]} n. ${i + 1} di ${name}`,
      startsOn: SERVICE_START,
      endsOn,
      closures,
      kitchenDays: eachDay(SERVICE_START, endsOn).filter((day) => serviceRunsOn(calendar, day)),
    };
  });
}

function rientriOf(kind: SchoolKind, rng: Rng): number[] {
  if (kind === 'INFANZIA') return [1, 2, 3, 4, 5];
  const r = rng.next();
  if (kind === 'SECONDARIA') return r < 0.6 ? [1, 3] : [2, 4];
  return r < 0.75 ? [1, 2, 3, 4, 5] : r < 0.9 ? [1, 2, 3, 4] : [1, 3];
}

/** Plans the whole Comune; ids come from `newId` in the order things are made. */
export function planComune(options: ComuneOptions, rng: Rng, newId: () => string): PlannedComune {
  const city = titleCase(options.slug);
  const tenant = {
    id: newId(),
    slug: options.slug,
    name: `Comune di ${city}`,
    city,
    province: 'TO',
    zip: '10100',
    fiscalCode: enteFiscalCode(rng),
    cadastralCode: 'L219',
    segregationCode: options.segregationCode,
    iban: italianIban(rng),
    billingMode: options.billingMode,
  };
  const schools = planSchools(Math.max(3, Math.round(options.students / 1667)), newId, city);
  const canteenServiceId = newId();
  const tariffs: PlannedTariff[] = CANTEEN_BANDS.map((band) => ({
    id: newId(),
    code: band.code,
    description: band.description,
    unit: 'PER_MEAL',
    amountCents: band.amountCents,
    iseeFromCents: band.from,
    iseeToCents: band.to,
    siblingReductionPct: 20,
    laterSiblingReductionPct: 100,
  }));

  // children per kind and grade, then classes of CLASS_SIZE per school
  const byKind = (kind: SchoolKind) => schools.filter((s) => s.kind === kind);
  const share: Record<SchoolKind, number> = { INFANZIA: 0.25, PRIMARIA: 0.6, SECONDARIA: 0.15 };
  const classes: PlannedClass[] = [];
  const open: { schoolClass: PlannedClass; free: number }[] = [];
  for (const kind of ['INFANZIA', 'PRIMARIA', 'SECONDARIA'] as const) {
    const kindSchools = byKind(kind);
    const perGrade = Math.ceil((options.students * share[kind]) / GRADES[kind] / kindSchools.length);
    for (const school of kindSchools) {
      for (let grade = 1; grade <= GRADES[kind]; grade++) {
        const sections = Math.max(1, Math.ceil(perGrade / CLASS_SIZE));
        for (let s = 0; s < sections; s++) {
          const letter = String.fromCharCode(65 + (s % 26)) + (s >= 26 ? String(Math.floor(s / 26)) : '');
          const name = kind === 'INFANZIA' ? `Sezione ${letter}${grade}` : `${grade}ª ${letter}`;
          const mealWeekdays = rientriOf(kind, rng);
          const schoolClass = {
            id: newId(),
            school,
            name,
            grade,
            mealWeekdays,
            serviceDays: school.kitchenDays.filter((day) => mealWeekdays.includes(new Date(`${day}T12:00:00Z`).getUTCDay())),
          };
          classes.push(schoolClass);
          open.push({ schoolClass, free: Math.ceil(perGrade / sections) });
        }
      }
    }
  }

  const usedCodes = new Set<string>();
  const uniqueCode = (person: { lastName: string; firstName: string; birthDate: IsoDate; sex: 'M' | 'F' }) => {
    const code = buildFiscalCode({ ...person, cadastralCode: tenant.cadastralCode });
    if (usedCodes.has(code)) return null;
    usedCodes.add(code);
    return code;
  };
  const birthDate = (year: number) => `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;

  const guardians: PlannedGuardian[] = [];
  const students: PlannedStudent[] = [];
  let badge = 500_001 + (options.segregationCode.charCodeAt(1) % 10) * 1_000_000;
  while (students.length < options.students) {
    const lastName = rng.pick(SURNAMES);
    const sex = rng.next() < 0.7 ? 'F' : 'M';
    const person = {
      lastName,
      firstName: rng.pick(sex === 'F' ? FEMALE_NAMES : MALE_NAMES),
      birthDate: birthDate(rng.int(1975, 1995)),
      sex,
    } as const;
    const fiscalCode = uniqueCode(person);
    if (!fiscalCode) continue;
    const r = rng.next();
    const iseeCents =
      r < 0.25 ? rng.int(300_000, 800_000) : r < 0.55 ? rng.int(800_001, 1_500_000) : r < 0.8 ? rng.int(1_500_001, 4_000_000) : null;
    const guardian: PlannedGuardian = {
      id: newId(),
      fiscalCode,
      firstName: person.firstName,
      lastName,
      label: maskFiscalCode(fiscalCode),
      email:
        rng.next() < 0.85
          ? `${person.firstName}.${lastName}.${guardians.length}@example.it`.toLowerCase().replace(/[^a-z0-9.@]/g, '')
          : null,
      phone: `+39 3${rng.int(20, 49)} ${rng.int(1_000_000, 9_999_999)}`,
      street: `${rng.pick(STREETS)} ${rng.int(1, 180)}`,
      iseeCents,
    };
    guardians.push(guardian);
    const r2 = rng.next();
    const childCount = Math.min(options.students - students.length, r2 < 0.65 ? 1 : r2 < 0.92 ? 2 : 3);
    const tariff = bandForIsee(tariffs, iseeCents)!;
    const children: Omit<PlannedStudent, 'siblingRank' | 'mealCents'>[] = [];
    for (let c = 0; c < childCount; c++) {
      // a random class with a free seat; a full one leaves the list (swap with the last, pop)
      const at = rng.int(0, open.length - 1);
      const seat = open[at];
      if (--seat.free === 0 && open.length > 1) open[at] = open.pop()!;
      const { school, grade } = seat.schoolClass;
      const childSex = rng.next() < 0.5 ? 'F' : 'M';
      const child = {
        lastName,
        firstName: rng.pick(childSex === 'F' ? FEMALE_NAMES : MALE_NAMES),
        birthDate: birthDate(FIRST_GRADE_BORN[school.kind] - grade + 1),
        sex: childSex,
      } as const;
      const code = uniqueCode(child);
      if (!code) continue;
      children.push({
        id: newId(),
        guardian,
        fiscalCode: code,
        ...child,
        badgeNumber: String(badge++),
        schoolClass: seat.schoolClass,
        tariff,
      });
    }
    // the app's sibling order (src/domain/tariffs.ts): eldest first, twins by id; the younger ones get the reduction
    children
      .sort((a, b) => a.birthDate.localeCompare(b.birthDate) || a.id.localeCompare(b.id))
      .forEach((child, i) => {
        const mealCents = tariff.amountCents - percentOf(tariff.amountCents, reductionForRank(tariff, i + 1));
        students.push({ ...child, siblingRank: i + 1, mealCents });
      });
  }
  return { tenant, canteenServiceId, schools, classes, tariffs, guardians, students };
}
