// The two demo Comuni: their own data, schools, classes (rientri), calendars, services and tariffs.
import { randomUUID } from 'node:crypto';
import { classCalendar, createCalendar, NATIONAL_CLOSURES, type ClosureSpec } from './calendar.ts';
import {
  classKey,
  newContext,
  SCHOOL_YEAR,
  SERVICE_START,
  type SchoolKindKey,
  type SeedContext,
  type TariffRef,
  type Tx,
} from './context.ts';
import { fromDbDate, toDbDate, type IsoDate } from '../../src/domain/dates.ts';
import { DEMO_CLERK, DEMO_CLERK_BORGOVERDE, type DemoIdentity } from './identities.ts';

export interface SchoolSpec {
  kind: SchoolKindKey;
  code: string;
  name: string;
  address: string;
  endsOn: IsoDate;
  classes: { name: string; mealWeekdays: number[] }[];
}

export interface TenantSpec {
  slug: string;
  name: string;
  province: string;
  fiscalCode: string;
  ipaCode: string;
  cadastralCode: string;
  segregationCode: string;
  cbillCode: string | null;
  postalAccount: string | null;
  iban: string;
  /** SEPA creditor identifier, for the Comuni that collect invoices by direct debit (SDD) */
  sddCreditorId?: string;
  billingMode: 'PREPAID' | 'POSTPAID';
  cutoffTime: string;
  officeName: string;
  officeEmail: string;
  officePhone: string;
  officeAddress: string;
  officeHours: string;
  websiteUrl: string;
  schools: SchoolSpec[];
  /** closures of this Comune only (patron saint, extraordinary closures); `school` limits one to a school */
  localClosures: (ClosureSpec & { school?: SchoolKindKey })[];
  withSchoolBus: boolean;
  /** the catering company, author of CATERER news and holder of the "cucina" account */
  caterer: string;
  residence: { city: string; zip: string; province: string };
  /** staff accounts: full names of the administrator and the cashier; the clerk is a demo SPID identity */
  staff: { admin: string; cashier: string; clerk: DemoIdentity };
  /** first badge number of the Comune's students */
  firstBadge: number;
}

const WEEK = [1, 2, 3, 4, 5];
const PRIMARY_ENDS: IsoDate = '2027-06-09';
const NURSERY_ENDS: IsoDate = '2027-06-30';

export const DIMOSTRATIVO: TenantSpec = {
  slug: 'dimostrativo',
  name: 'Comune Dimostrativo',
  province: 'MI',
  fiscalCode: '80001230152',
  ipaCode: 'c_demo',
  cadastralCode: 'F205',
  segregationCode: '02',
  cbillCode: 'A1B2C',
  postalAccount: null,
  iban: 'IT29X0503401600000000012345',
  billingMode: 'PREPAID',
  cutoffTime: '09:00',
  officeName: 'Ufficio Pubblica Istruzione',
  officeEmail: 'istruzione@comune.dimostrativo.example',
  officePhone: '+39 02 1234567',
  officeAddress: 'Piazza del Municipio 1, 20100 Dimostrativo (MI)',
  officeHours: 'Lun–Ven 9:00–12:00',
  websiteUrl: 'https://www.comune.dimostrativo.example',
  schools: [
    {
      kind: 'INFANZIA',
      code: 'INF-ARCOBALENO',
      name: 'Scuola dell’infanzia «Arcobaleno»',
      address: 'Via dei Tigli 4, 20100 Dimostrativo (MI)',
      endsOn: NURSERY_ENDS,
      classes: [
        { name: 'Sezione A', mealWeekdays: WEEK },
        { name: 'Sezione B', mealWeekdays: WEEK },
        { name: 'Sezione C', mealWeekdays: WEEK },
      ],
    },
    {
      kind: 'PRIMARIA',
      code: 'PRI-MANZONI',
      name: 'Scuola primaria «Alessandro Manzoni»',
      address: 'Via Alessandro Manzoni 10, 20100 Dimostrativo (MI)',
      endsOn: PRIMARY_ENDS,
      classes: [
        { name: '1ª A', mealWeekdays: [1, 2, 3, 4] },
        { name: '3ª B', mealWeekdays: [1, 3] },
        { name: '4ª A', mealWeekdays: [1, 2, 3, 4] },
      ],
    },
  ],
  localClosures: [],
  withSchoolBus: false,
  caterer: 'Gusto & Salute Ristorazione S.r.l.',
  residence: { city: 'Dimostrativo', zip: '20100', province: 'MI' },
  staff: { admin: 'Roberto Sala', cashier: 'Lucia Marchetti', clerk: DEMO_CLERK },
  firstBadge: 100101,
};

export const BORGOVERDE: TenantSpec = {
  slug: 'borgoverde',
  name: 'Comune di Borgo Verde',
  province: 'BG',
  fiscalCode: '00123450165',
  ipaCode: 'c_bverde',
  cadastralCode: 'M999',
  segregationCode: '03',
  cbillCode: 'B7V3D',
  postalAccount: '001023456789',
  iban: 'IT83R0889953070000000123456',
  sddCreditorId: 'IT37ZZZ0000000123450165',
  billingMode: 'POSTPAID',
  cutoffTime: '09:00',
  officeName: 'Servizio Istruzione e Politiche Educative',
  officeEmail: 'scuola@comune.borgoverde.example',
  officePhone: '+39 035 765432',
  officeAddress: 'Via Roma 12, 24030 Borgo Verde (BG)',
  officeHours: 'Lun, Mer, Ven 8:30–12:30; Gio 14:30–17:00',
  websiteUrl: 'https://www.comune.borgoverde.example',
  schools: [
    {
      kind: 'INFANZIA',
      code: 'INF-GIRASOLE',
      name: 'Scuola dell’infanzia «Il Girasole»',
      address: 'Via dei Campi 3, 24030 Borgo Verde (BG)',
      endsOn: NURSERY_ENDS,
      classes: [
        { name: 'Sezione Gialli', mealWeekdays: WEEK },
        { name: 'Sezione Verdi', mealWeekdays: WEEK },
      ],
    },
    {
      kind: 'PRIMARIA',
      code: 'PRI-RODARI',
      name: 'Scuola primaria «Gianni Rodari»',
      address: 'Piazza della Chiesa 8, 24030 Borgo Verde (BG)',
      endsOn: PRIMARY_ENDS,
      classes: [
        { name: '1ª A', mealWeekdays: [1, 3] },
        { name: '4ª A', mealWeekdays: [1, 2, 3, 4] },
        { name: '5ª B', mealWeekdays: [1, 3] },
      ],
    },
  ],
  localClosures: [
    { from: '2026-11-11', kind: 'HOLIDAY', reason: 'Festa del Santo Patrono (San Martino)' },
    { from: '2027-02-15', kind: 'EXTRAORDINARY', reason: 'Disinfestazione dei locali mensa', school: 'PRIMARIA' },
  ],
  withSchoolBus: true,
  caterer: 'Ristorazione Orobica S.r.l.',
  residence: { city: 'Borgo Verde', zip: '24030', province: 'BG' },
  staff: { admin: 'Alberto Pagani', cashier: 'Simona Riva', clerk: DEMO_CLERK_BORGOVERDE },
  firstBadge: 200101,
};

export const DEMO_TENANTS: readonly TenantSpec[] = [DIMOSTRATIVO, BORGOVERDE];

/** Canteen price bands by ISEE (euro cents), the same in both Comuni. */
export const CANTEEN_BANDS = [
  { code: 'FASCIA_1', description: 'Tariffa agevolata — ISEE fino a 8.000,00 €', amountCents: 250, from: 0, to: 800_000 },
  { code: 'FASCIA_2', description: 'Tariffa ridotta — ISEE da 8.000,01 € a 15.000,00 €', amountCents: 380, from: 800_001, to: 1_500_000 },
  {
    code: 'FASCIA_3',
    description: 'Tariffa intera — ISEE oltre 15.000,00 € o non presentato',
    amountCents: 450,
    from: 1_500_001,
    to: null,
  },
];

/** Tenant, schools, classes, calendars, services and tariffs; returns the context later steps fill in. */
export async function createTenantBase(tx: Tx, spec: TenantSpec, today: IsoDate): Promise<SeedContext> {
  const { schools, localClosures, withSchoolBus, caterer, residence, staff, firstBadge, ...data } = spec;
  const tenant = await tx.tenant.create({ data });
  const ctx = newContext(
    tx,
    {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      fiscalCode: tenant.fiscalCode,
      segregationCode: tenant.segregationCode,
      iban: tenant.iban,
      cutoffTime: tenant.cutoffTime,
      billingMode: tenant.billingMode,
    },
    today,
  );
  for (const s of schools) {
    const school = await tx.school.create({
      data: { tenantId: tenant.id, code: s.code, name: s.name, kind: s.kind, address: s.address },
    });
    const ref = { id: school.id, kind: s.kind, name: s.name, startsOn: SERVICE_START, endsOn: s.endsOn, closures: new Map() };
    ctx.schools.set(s.kind, ref);
    const closures = [...NATIONAL_CLOSURES, ...localClosures.filter((c) => !c.school || c.school === s.kind)];
    await createCalendar(ctx, ref, closures);
    const classes = s.classes.map((c) => ({ id: randomUUID(), ...c }));
    await tx.schoolClass.createMany({
      data: classes.map((c) => ({ id: c.id, tenantId: tenant.id, schoolId: school.id, name: c.name, mealWeekdays: c.mealWeekdays })),
    });
    for (const c of classes) {
      ctx.classes.set(classKey(s.kind, c.name), { id: c.id, school: ref, name: c.name, calendar: classCalendar(ref, c.mealWeekdays) });
    }
  }

  const canteen = await tx.service.create({
    data: { tenantId: tenant.id, code: 'REFEZIONE', name: 'Refezione scolastica', kind: 'CANTEEN', billingMode: tenant.billingMode },
  });
  ctx.canteenServiceId = canteen.id;
  for (const band of CANTEEN_BANDS) {
    const t = await tx.tariff.create({
      data: {
        tenantId: tenant.id,
        serviceId: canteen.id,
        schoolYear: SCHOOL_YEAR,
        code: band.code,
        description: band.description,
        unit: 'PER_MEAL',
        amountCents: band.amountCents,
        iseeFromCents: band.from,
        iseeToCents: band.to,
        siblingReductionPct: 20,
        laterSiblingReductionPct: 100,
        validFrom: toDbDate(YEAR_START),
      },
    });
    ctx.canteenTariffs.push(tariffRef(t));
  }
  await createPreSchool(tx, tenant.id);

  if (withSchoolBus) {
    const bus = await tx.service.create({
      data: { tenantId: tenant.id, code: 'TRASPORTO', name: 'Trasporto scolastico', kind: 'SCHOOL_BUS', billingMode: 'FLAT_MONTHLY' },
    });
    ctx.busServiceId = bus.id;
    const t = await tx.tariff.create({
      data: {
        tenantId: tenant.id,
        serviceId: bus.id,
        schoolYear: SCHOOL_YEAR,
        code: 'ABBONAMENTO_MENSILE',
        description: 'Abbonamento mensile al trasporto scolastico',
        unit: 'PER_MONTH',
        amountCents: 2500,
        validFrom: toDbDate(YEAR_START),
      },
    });
    ctx.busTariff = tariffRef(t);
  }
  return ctx;
}

/** Pre-school: a monthly flat fee in two ISEE bands, −30% for the second child and free from the third. */
async function createPreSchool(tx: Tx, tenantId: string): Promise<void> {
  const service = await tx.service.create({
    data: { tenantId, code: 'PRESCUOLA', name: 'Pre-scuola', kind: 'PRE_SCHOOL', billingMode: 'FLAT_MONTHLY' },
  });
  await tx.tariff.createMany({
    data: PRE_SCHOOL_BANDS.map((band) => ({
      tenantId,
      serviceId: service.id,
      schoolYear: SCHOOL_YEAR,
      code: band.code,
      description: band.description,
      unit: 'PER_MONTH' as const,
      amountCents: band.amountCents,
      iseeFromCents: band.from,
      iseeToCents: band.to,
      siblingReductionPct: 30,
      laterSiblingReductionPct: 100,
      validFrom: toDbDate(YEAR_START),
    })),
  });
}

const PRE_SCHOOL_BANDS = [
  { code: 'FASCIA_1', description: 'Pre-scuola — ISEE fino a 15.000,00 €', amountCents: 2000, from: 0, to: 1_500_000 },
  { code: 'FASCIA_2', description: 'Pre-scuola — ISEE oltre 15.000,00 € o non presentato', amountCents: 3000, from: 1_500_001, to: null },
];

/** Tariff tables start with the school year. */
const YEAR_START: IsoDate = '2026-09-01';

function tariffRef(t: {
  id: string;
  code: string;
  description: string;
  serviceId: string;
  unit: TariffRef['unit'];
  amountCents: number;
  iseeFromCents: number | null;
  iseeToCents: number | null;
  siblingReductionPct: number;
  laterSiblingReductionPct: number | null;
  validFrom: Date;
}): TariffRef {
  return { ...t, validFrom: fromDbDate(t.validFrom) };
}
