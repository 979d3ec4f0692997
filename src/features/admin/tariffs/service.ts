// Services of the Comune and their tariff tables: one row per ISEE band and version. A version that may have
// priced a closed day or an invoice is never edited: the change is a new version from a later date.
import type { Actor } from '../../../audit.ts';
import { recordAudit } from '../../../audit.ts';
import { inTransaction, isUniqueViolation, type Db, type Tx } from '../../../db/client.ts';
import { addDays, formatItalianDate, fromDbDate, toDbDate, type IsoDate } from '../../../domain/dates.ts';
import { schoolYearBounds } from '../../../domain/school-year.ts';
import { versionsOn } from '../../../domain/tariffs.ts';
import type { Prisma, Service, Tariff } from '../../../generated/prisma/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { firstOpenDay } from '../../canteen/closed-days.ts';
import { pageWindow, type Paged } from '../../family/page.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { uuidParam } from '../canteen/schemas.ts';
import type { ListQuery } from '../list-query.ts';
import type { BandForm, SERVICE_SORTS, serviceSchema } from './schemas.ts';
import type { z } from 'zod';

const PAGE_SIZE = 20;
export const TARIFF_LOCKED =
  'Questa tariffa è già stata applicata a giorni chiusi o a documenti contabili e non si modifica: crea una nuova versione da una data.';
type ServiceForm = z.infer<typeof serviceSchema>;
type Reader = Db | Tx;

export async function servicesList(db: Db, tenantId: string, list: ListQuery<(typeof SERVICE_SORTS)[number]>): Promise<Paged<Service>> {
  const where: Prisma.ServiceWhereInput = {
    tenantId,
    ...(list.q ? { OR: [{ name: { contains: list.q, mode: 'insensitive' } }, { code: { contains: list.q, mode: 'insensitive' } }] } : {}),
  };
  const total = await db.service.count({ where });
  const window = pageWindow(total, list.page, PAGE_SIZE);
  const items = await db.service.findMany({
    where,
    orderBy: [{ [list.sort]: list.dir }, { code: 'asc' }],
    skip: window.skip,
    take: window.take,
  });
  return { items, total, page: window.page, pages: window.pages };
}

/** The service with that id in this Comune, or 404 (also for malformed ids and other Comuni's services). */
export async function serviceOf(db: Reader, tenantId: string, serviceId: string): Promise<Service> {
  if (!uuidParam.safeParse(serviceId).success) throw new NotFoundError();
  const service = await db.service.findFirst({ where: { id: serviceId, tenantId } });
  if (!service) throw new NotFoundError();
  return service;
}

export async function tariffOf(db: Reader, tenantId: string, tariffId: string): Promise<Tariff & { service: Service }> {
  if (!uuidParam.safeParse(tariffId).success) throw new NotFoundError();
  const tariff = await db.tariff.findFirst({ where: { id: tariffId, tenantId }, include: { service: true } });
  if (!tariff) throw new NotFoundError();
  return tariff;
}

/** Creates a service, or updates it when `serviceId` is given. */
export async function saveService(
  db: Db,
  input: { tenantId: string; serviceId?: string; form: ServiceForm; actor: Actor },
): Promise<Service> {
  const { tenantId, form, actor } = input;
  try {
    return await inTransaction(db, async (tx) => {
      const before = input.serviceId ? await serviceOf(tx, tenantId, input.serviceId) : null;
      if (before?.kind === 'CANTEEN' && form.kind !== 'CANTEEN') {
        throw new FieldRuleError('kind', 'La refezione resta un servizio di refezione: crea un nuovo servizio per un altro tipo.');
      }
      if (form.kind === 'CANTEEN' && form.billingMode !== 'PREPAID' && form.billingMode !== 'POSTPAID') {
        throw new FieldRuleError('billingMode', 'La refezione si paga con il conto prepagato o a consumo con fattura mensile.');
      }
      const saved = before
        ? await tx.service.update({ where: { id: before.id, tenantId: before.tenantId }, data: form })
        : await tx.service.create({ data: { tenantId, ...form } });
      await recordAudit(tx, {
        tenantId,
        actor,
        action: before ? 'SERVICE_UPDATED' : 'SERVICE_CREATED',
        entityType: 'Service',
        entityId: saved.id,
        details: { before: before ? serviceAudit(before) : null, after: serviceAudit(saved) },
      });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new FieldRuleError('code', 'Esiste già un servizio con questo codice.');
    throw error;
  }
}

function serviceAudit(s: Service) {
  return { code: s.code, name: s.name, kind: s.kind, billingMode: s.billingMode, instalments: s.instalments, active: s.active };
}

export interface BandVersion extends Tariff {
  /** last day this version applies (the day before the next version, or the end of the school year) */
  validUntil: IsoDate;
  used: boolean;
}

/** Every version of every band of a service's table for a school year, grouped by band, oldest version first. */
export async function tariffTable(db: Db, tenantId: string, serviceId: string, schoolYear: string) {
  const service = await serviceOf(db, tenantId, serviceId);
  const [tariffs, years] = await Promise.all([
    db.tariff.findMany({ where: { tenantId, serviceId, schoolYear }, orderBy: [{ code: 'asc' }, { validFrom: 'asc' }] }),
    db.tariff.findMany({ where: { tenantId, serviceId }, distinct: ['schoolYear'], select: { schoolYear: true } }),
  ]);
  const bands = new Map<string, BandVersion[]>();
  for (const tariff of tariffs) {
    const versions = bands.get(tariff.code) ?? [];
    versions.push({ ...tariff, validUntil: '', used: false });
    bands.set(tariff.code, versions);
  }
  for (const versions of bands.values()) {
    for (const [i, version] of versions.entries()) {
      version.validUntil = periodEnd(versions, i, schoolYear);
      version.used = await isUsed(db, service, version, version.validUntil);
    }
  }
  const today = versionsOn(
    tariffs.map((t) => ({ ...t, validFrom: fromDbDate(t.validFrom) })),
    schoolYearBounds(schoolYear).to,
  );
  return {
    service,
    schoolYear,
    schoolYears: [...new Set([schoolYear, ...years.map((y) => y.schoolYear)])].sort().reverse(),
    bands: [...bands.values()].sort((a, b) => (a[0].iseeFromCents ?? -1) - (b[0].iseeFromCents ?? -1)),
    hasOpenEndedBand: today.some((t) => t.iseeToCents === null),
  };
}

function periodEnd(versions: readonly Pick<Tariff, 'validFrom'>[], index: number, schoolYear: string): IsoDate {
  const next = versions[index + 1];
  return next ? addDays(fromDbDate(next.validFrom), -1) : schoolYearBounds(schoolYear).to;
}

/**
 * Whether a version has priced something that is kept: a canteen day closed within its period, or an invoice
 * of the service for a month of its period. A version written today starts after the closed days (checkBand),
 * so it stays editable until the first day of its period is closed or billed.
 */
async function isUsed(db: Reader, service: Service, tariff: Tariff, validUntil: IsoDate): Promise<boolean> {
  const [closedDays, invoices] = await Promise.all([
    service.kind === 'CANTEEN'
      ? db.serviceDayClosing.count({ where: { tenantId: tariff.tenantId, date: { gte: tariff.validFrom, lte: toDbDate(validUntil) } } })
      : 0,
    db.invoice.count({
      where: {
        tenantId: tariff.tenantId,
        serviceId: service.id,
        period: { gte: fromDbDate(tariff.validFrom).slice(0, 7), lte: validUntil.slice(0, 7) },
      },
    }),
  ]);
  return closedDays + invoices > 0;
}

/** Whether the version with that id may no longer be edited in place. */
export async function isVersionUsed(db: Db, tenantId: string, tariffId: string): Promise<boolean> {
  const tariff = await tariffOf(db, tenantId, tariffId);
  const versions = await db.tariff.findMany({
    where: { tenantId, serviceId: tariff.serviceId, schoolYear: tariff.schoolYear, code: tariff.code },
    orderBy: { validFrom: 'asc' },
  });
  return isUsed(
    db,
    tariff.service,
    tariff,
    periodEnd(
      versions,
      versions.findIndex((v) => v.id === tariff.id),
      tariff.schoolYear,
    ),
  );
}

/** The first day a new price may start: after the closed canteen days, and after the months already billed. */
async function firstUnpricedDay(tx: Tx, service: Service): Promise<IsoDate | null> {
  const [open, invoice] = await Promise.all([
    service.kind === 'CANTEEN' ? firstOpenDay(tx, service.tenantId) : null,
    tx.invoice.findFirst({
      where: { tenantId: service.tenantId, serviceId: service.id, period: { not: null } },
      orderBy: { period: 'desc' },
      select: { period: true },
    }),
  ]);
  const afterBilled = invoice?.period ? firstDayAfterMonth(invoice.period) : null;
  return (
    [open, afterBilled]
      .filter((day): day is IsoDate => day !== null)
      .sort()
      .at(-1) ?? null
  );
}

function firstDayAfterMonth(period: string): IsoDate {
  const [year, month] = period.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

type BandData = Omit<Prisma.TariffUncheckedCreateInput, 'tenantId' | 'serviceId' | 'schoolYear'>;

function bandData(form: BandForm): BandData {
  return {
    code: form.code,
    description: form.description,
    unit: form.unit,
    amountCents: form.amount,
    iseeFromCents: form.iseeFrom,
    iseeToCents: form.iseeTo,
    siblingReductionPct: form.siblingReduction,
    laterSiblingReductionPct: form.laterSiblingReduction,
    validFrom: toDbDate(form.validFrom),
  };
}

/** The checks every written version passes: inside its school year, not over closed days, no overlap. */
async function checkBand(
  tx: Tx,
  service: Service,
  schoolYear: string,
  form: BandForm,
  ignoreId: string | null,
  { overClosedDays = false } = {},
): Promise<void> {
  const { from, to } = schoolYearBounds(schoolYear);
  if (form.validFrom < from || form.validFrom > to) {
    throw new FieldRuleError(
      'validFrom',
      `La data deve cadere nell'anno scolastico ${schoolYear} (dal ${formatItalianDate(from)} al ${formatItalianDate(to)}).`,
    );
  }
  const open = overClosedDays ? null : await firstUnpricedDay(tx, service);
  if (open && form.validFrom < open) {
    throw new FieldRuleError(
      'validFrom',
      `I giorni fino al ${formatItalianDate(addDays(open, -1))} sono già chiusi o fatturati: la tariffa può valere al più presto dal ${formatItalianDate(open)}.`,
    );
  }
  const others = await tx.tariff.findMany({
    where: { tenantId: service.tenantId, serviceId: service.id, schoolYear, NOT: { code: form.code } },
  });
  const current = versionsOn(
    others.filter((t) => t.id !== ignoreId).map((t) => ({ ...t, validFrom: fromDbDate(t.validFrom) })),
    form.validFrom,
  );
  const lo = form.iseeFrom ?? -Infinity;
  const hi = form.iseeTo ?? Infinity;
  const clash = current.find((t) => (t.iseeFromCents ?? -Infinity) <= hi && lo <= (t.iseeToCents ?? Infinity));
  if (clash) throw new FieldRuleError('iseeFrom', `La fascia ISEE si sovrappone alla fascia ${clash.code} (${clash.description}).`);
}

/** The first version of a new band of the table. */
export async function addBand(db: Db, input: { tenantId: string; serviceId: string; schoolYear: string; form: BandForm; actor: Actor }) {
  const { tenantId, schoolYear, form, actor } = input;
  return inTransaction(db, async (tx) => {
    const service = await serviceOf(tx, tenantId, input.serviceId);
    const existing = await tx.tariff.findFirst({ where: { tenantId, serviceId: service.id, schoolYear, code: form.code } });
    if (existing)
      throw new FieldRuleError('code', `La fascia ${form.code} esiste già in questa tabella: per cambiarla crea una nuova versione.`);
    await checkBand(tx, service, schoolYear, form, null);
    const created = await tx.tariff.create({ data: { tenantId, serviceId: service.id, schoolYear, ...bandData(form) } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: 'TARIFF_CREATED',
      entityType: 'Tariff',
      entityId: created.id,
      details: { after: tariffAudit(created) },
    });
    return created;
  });
}

/** An edit in place, only of a version nothing kept was priced with; otherwise the clerk is sent to a new version. */
export async function editBand(db: Db, input: { tenantId: string; tariffId: string; form: BandForm; actor: Actor }) {
  const { tenantId, actor } = input;
  return inTransaction(db, async (tx) => {
    const before = await tariffOf(tx, tenantId, input.tariffId);
    const form = { ...input.form, code: before.code };
    const versions = await tx.tariff.findMany({
      where: { tenantId, serviceId: before.serviceId, schoolYear: before.schoolYear, code: before.code },
      orderBy: { validFrom: 'asc' },
    });
    const index = versions.findIndex((v) => v.id === before.id);
    if (await isUsed(tx, before.service, before, periodEnd(versions, index, before.schoolYear))) {
      throw new FieldRuleError('form', TARIFF_LOCKED);
    }
    const previous = versions[index - 1];
    const next = versions[index + 1];
    if ((previous && form.validFrom <= fromDbDate(previous.validFrom)) || (next && form.validFrom >= fromDbDate(next.validFrom))) {
      throw new FieldRuleError('validFrom', 'La data deve restare tra quella della versione precedente e quella della successiva.');
    }
    // an unchanged date was checked when it was written
    await checkBand(tx, before.service, before.schoolYear, form, before.id, {
      overClosedDays: form.validFrom === fromDbDate(before.validFrom),
    });
    const saved = await tx.tariff.update({ where: { id: before.id, tenantId: before.tenantId }, data: bandData(form) });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: 'TARIFF_UPDATED',
      entityType: 'Tariff',
      entityId: saved.id,
      details: { before: tariffAudit(before), after: tariffAudit(saved) },
    });
    return saved;
  });
}

/** A new version of a band from a date after its latest version (and after the closed days). */
export async function newVersion(db: Db, input: { tenantId: string; tariffId: string; form: BandForm; actor: Actor }) {
  const { tenantId, actor } = input;
  return inTransaction(db, async (tx) => {
    const base = await tariffOf(tx, tenantId, input.tariffId);
    const form = { ...input.form, code: base.code };
    const latest = await tx.tariff.findFirstOrThrow({
      where: { tenantId, serviceId: base.serviceId, schoolYear: base.schoolYear, code: base.code },
      orderBy: { validFrom: 'desc' },
    });
    if (form.validFrom <= fromDbDate(latest.validFrom)) {
      throw new FieldRuleError(
        'validFrom',
        `La nuova versione deve decorrere dopo il ${formatItalianDate(fromDbDate(latest.validFrom))}, data dell'ultima versione.`,
      );
    }
    await checkBand(tx, base.service, base.schoolYear, form, null);
    const created = await tx.tariff.create({
      data: { tenantId, serviceId: base.serviceId, schoolYear: base.schoolYear, ...bandData(form) },
    });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: 'TARIFF_VERSION_CREATED',
      entityType: 'Tariff',
      entityId: created.id,
      details: { previous: tariffAudit(latest), after: tariffAudit(created) },
    });
    return created;
  });
}

function tariffAudit(t: Tariff) {
  return {
    code: t.code,
    description: t.description,
    unit: t.unit,
    amountCents: t.amountCents,
    iseeFromCents: t.iseeFromCents,
    iseeToCents: t.iseeToCents,
    siblingReductionPct: t.siblingReductionPct,
    laterSiblingReductionPct: t.laterSiblingReductionPct,
    validFrom: fromDbDate(t.validFrom),
  };
}
