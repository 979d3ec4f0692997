// The preview of a monthly run: what confirming would issue (families, children, units, amounts) and what stops it
// or deserves a look. Read-only, set-based: a few grouped queries for the whole Comune.
import { addDays, fromDbDate, romeDateOf, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { isBeforeCutoff } from '../../domain/cutoff.ts';
import { anomaly, closingAnomalies, dsuExpiredFor, isBlocked, periodBounds, type Anomaly } from '../../domain/billing-run.ts';
import type { Db } from '../../db/client.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { serviceDaysUpTo } from '../canteen/day-close.ts';
import { dsuOf, gatherCharges, type BilledService, type FamilyCharge } from './charges.ts';

export interface RunTotals {
  families: number;
  students: number;
  units: number;
  totalCents: number;
}

export interface Preview {
  service: BilledService;
  period: string;
  /** the invoices confirming would issue, by family name */
  families: FamilyCharge[];
  totals: RunTotals;
  anomalies: Anomaly[];
  blocked: boolean;
}

const FISCAL_CODE_FORMAT = /^([A-Z0-9]{16}|\d{11})$/;

export function totalsOf(families: readonly FamilyCharge[]): RunTotals {
  return {
    families: families.length,
    students: families.reduce((n, f) => n + f.children.length, 0),
    units: families.reduce((n, f) => n + f.units, 0),
    totalCents: families.reduce((n, f) => n + f.totalCents, 0),
  };
}

/** Families whose invoice would be zero or less are not issued (their adjustments wait for the next one). */
export function issuable(families: readonly FamilyCharge[]): FamilyCharge[] {
  return families.filter((f) => f.totalCents > 0);
}

export async function billedService(db: Db, tenantId: string, serviceId: string): Promise<BilledService> {
  const service = await db.service.findFirst({
    where: { id: serviceId, tenantId },
    select: { id: true, name: true, kind: true, billingMode: true, instalments: true },
  });
  if (!service) throw new NotFoundError();
  return service;
}

/** The last day whose close is due at `now`: today once its cutoff has passed, yesterday before. */
function lastDueDay(now: Date, cutoffTime: string): IsoDate {
  const today = romeDateOf(now);
  return isBeforeCutoff(today, now, cutoffTime) ? addDays(today, -1) : today;
}

async function closingFindings(db: Db, tenant: Pick<Tenant, 'id' | 'cutoffTime'>, period: string, now: Date): Promise<Anomaly[]> {
  const { from, to } = periodBounds(period);
  const lastDue = lastDueDay(now, tenant.cutoffTime);
  const [days, closings] = await Promise.all([
    serviceDaysUpTo(db, tenant.id, to < lastDue ? to : lastDue),
    db.serviceDayClosing.findMany({
      where: { tenantId: tenant.id, date: { gte: toDbDate(from), lte: toDbDate(to) } },
      select: { date: true },
    }),
  ]);
  return closingAnomalies(period, days, new Set(closings.map((c) => fromDbDate(c.date))), lastDue);
}

export async function previewRun(
  db: Db,
  tenant: Pick<Tenant, 'id' | 'cutoffTime'>,
  serviceId: string,
  period: string,
  now: Date,
): Promise<Preview> {
  periodBounds(period);
  const service = await billedService(db, tenant.id, serviceId);
  if (service.billingMode === 'PREPAID') {
    const anomalies = [anomaly('UNSUPPORTED', service.name, service.billingMode)];
    return { service, period, families: [], totals: totalsOf([]), anomalies, blocked: true };
  }
  const [gathered, closing, mandates, dsus] = await Promise.all([
    gatherCharges(db, tenant.id, service, period, { checkPrices: true }),
    service.billingMode === 'POSTPAID' ? closingFindings(db, tenant, period, now) : Promise.resolve([]),
    db.sddMandate.findMany({ where: { tenantId: tenant.id, revokedAt: null }, select: { guardianId: true } }),
    dsuOf(db, tenant.id, service.id, period),
  ]);
  const families = issuable(gathered.families);
  const anomalies: Anomaly[] = [...closing, ...gathered.anomalies];
  const withMandate = new Set(mandates.map((m) => m.guardianId));
  for (const family of gathered.families) {
    const who = `${family.guardian.name} (${family.guardian.fiscalCode || '—'})`;
    if (family.totalCents <= 0) {
      anomalies.push(anomaly('ZERO_AMOUNT', who));
      continue;
    }
    if (!FISCAL_CODE_FORMAT.test(family.guardian.fiscalCode)) anomalies.push(anomaly('NO_FISCAL_CODE', who));
    if (family.guardian.paymentMethod === 'SDD' && !withMandate.has(family.guardian.id))
      anomalies.push(anomaly('SDD_WITHOUT_MANDATE', who));
  }
  const billed = new Set(families.flatMap((f) => f.children.map((c) => c.studentId)));
  for (const e of dsus) {
    if (billed.has(e.studentId) && e.iseeCents !== null && dsuExpiredFor(e.dsuProtocol, period))
      anomalies.push(anomaly('DSU_EXPIRED', `${e.student.firstName} ${e.student.lastName}`, e.dsuProtocol ?? undefined));
  }
  anomalies.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'BLOCK' ? -1 : 1));
  return { service, period, families, totals: totalsOf(families), anomalies, blocked: isBlocked(anomalies) };
}
