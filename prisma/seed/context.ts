// What every seeding step of one Comune shares: the transaction, the tenant's ids and a few counters.
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { addDays, romeInstant, type IsoDate } from '../../src/domain/dates.ts';
import type { ServiceCalendar } from '../../src/domain/service-days.ts';
import type { TariffVersion } from '../../src/domain/tariffs.ts';
import { createRng, type Rng } from './random.ts';

export type Tx = Prisma.TransactionClient;
export type SchoolKindKey = 'INFANZIA' | 'PRIMARIA';

export const SCHOOL_YEAR = '2026/2027';
export const SERVICE_START: IsoDate = '2026-09-14';
/** Who the seed says did what the system does on its own (closing days, issuing invoices): the app's label. */
export const SYSTEM_ACTOR = 'system';

export interface SeedTenant {
  id: string;
  slug: string;
  name: string;
  fiscalCode: string;
  segregationCode: string;
  iban: string;
  cutoffTime: string;
  billingMode: 'PREPAID' | 'POSTPAID';
}

export interface SchoolRef {
  id: string;
  kind: SchoolKindKey;
  name: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  closures: Map<IsoDate, string>;
}

export interface ClassRef {
  id: string;
  school: SchoolRef;
  name: string;
  calendar: ServiceCalendar;
}

export interface TariffRef extends TariffVersion {
  serviceId: string;
}

export interface SeedContext {
  tx: Tx;
  tenant: SeedTenant;
  today: IsoDate;
  /** Last day already closed: bookings and charges exist up to here. */
  yesterday: IsoDate;
  /** The reference instant of the seed (today, early morning in Rome): nothing seeded happens after it. */
  now: Date;
  rng: Rng;
  schools: Map<SchoolKindKey, SchoolRef>;
  /** key `${kind}:${className}` */
  classes: Map<string, ClassRef>;
  canteenServiceId: string;
  busServiceId: string | null;
  canteenTariffs: TariffRef[];
  busTariff: TariffRef | null;
  /** next 11-digit counter used inside notice numbers */
  noticeSeq: number;
  /** next invoice number per calendar year */
  invoiceSeq: Map<string, number>;
}

export function newContext(tx: Tx, tenant: SeedTenant, today: IsoDate): SeedContext {
  return {
    tx,
    tenant,
    today,
    yesterday: addDays(today, -1),
    now: romeInstant(today, '07:30'),
    rng: createRng(`servizi-scolastici:${tenant.slug}`),
    schools: new Map(),
    classes: new Map(),
    canteenServiceId: '',
    busServiceId: null,
    canteenTariffs: [],
    busTariff: null,
    noticeSeq: 1,
    invoiceSeq: new Map(),
  };
}

export function classKey(kind: SchoolKindKey, className: string): string {
  return `${kind}:${className}`;
}

/** An instant that must not lie after the seed's "now". */
export function notAfterNow(ctx: SeedContext, instant: Date): Date {
  return instant.getTime() > ctx.now.getTime() ? new Date(ctx.now.getTime()) : instant;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}
