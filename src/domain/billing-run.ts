// The monthly billing run's rules, pure: a family's charges of the month become the lines of one invoice (one
// line group per child), and what the clerk must know before confirming becomes blocking or warning anomalies.
import { addDays, formatItalianDate, monthIn, type IsoDate } from './dates.ts';
import { assertCents, formatEuro, sumCents } from './money.ts';

export interface RunLine {
  /** the child the line is for; null for a family-wide line */
  studentId: string | null;
  description: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
}

/** How many units of one kind and price a child used in the month (meals from the closed days, or months). */
export interface ChargeGroup {
  kind: 'MEAL' | 'BLAND' | 'MONTH' | 'INSTALMENT';
  unitCents: number;
  quantity: number;
  /** what the unit is, when its kind does not say it all ("rata 2 di 3, a.s. 2026/2027") */
  note?: string;
}

export interface ChildCharges {
  studentId: string;
  studentName: string;
  groups: readonly ChargeGroup[];
}

export interface PendingAdjustment {
  id: string;
  studentId: string | null;
  /** signed: negative gives money back */
  amountCents: number;
  description: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function assertPeriod(period: string): void {
  if (!MONTH.test(period)) throw new RangeError(`Not a month (YYYY-MM): ${period}`);
}

/** The first and last day of a 'YYYY-MM' period. */
export function periodBounds(period: string): { from: IsoDate; to: IsoDate } {
  assertPeriod(period);
  const [year, month] = period.split('-').map(Number);
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { from: `${period}-01`, to: addDays(next, -1) };
}

/** "novembre 2026" (what invoices and notices store), or "November 2026" when a page or PDF asks for English. */
export function periodLabel(period: string, locale = 'it'): string {
  assertPeriod(period);
  return monthIn(`${period}-01`, locale);
}

/** The key a run issues at most once per family, service and month. */
export function billingKeyOf(guardianId: string, serviceId: string, period: string): string {
  return `${guardianId}/${serviceId}/${period}`;
}

const UNIT_WORDS: Record<ChargeGroup['kind'], [string, string]> = {
  MEAL: ['pasto', 'pasti'],
  BLAND: ['pasto in bianco', 'pasti in bianco'],
  MONTH: ['mese', 'mesi'],
  INSTALMENT: ['rata', 'rate'],
};

const KIND_ORDER: readonly ChargeGroup['kind'][] = ['MEAL', 'BLAND', 'MONTH', 'INSTALMENT'];

/**
 * The lines of a family's invoice: for each child (by name), one line per kind and unit price of what was charged
 * — "Refezione novembre 2026 — Luca Rossi: 12 pasti × 4,50 €" — then one line per pending adjustment. Groups
 * that cost nothing (absences, exemptions) make no line: the days list of the invoice shows them.
 */
export function familyInvoiceLines(
  lineLabel: string,
  period: string,
  children: readonly ChildCharges[],
  adjustments: readonly PendingAdjustment[] = [],
): RunLine[] {
  const month = periodLabel(period);
  const lines: RunLine[] = [];
  const byName = [...children].sort((a, b) => a.studentName.localeCompare(b.studentName, 'it') || a.studentId.localeCompare(b.studentId));
  for (const child of byName) {
    const groups = child.groups
      .filter((g) => g.quantity > 0 && g.unitCents > 0)
      .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || b.unitCents - a.unitCents);
    for (const group of groups) {
      assertCents(group.unitCents);
      const [one, many] = UNIT_WORDS[group.kind];
      lines.push({
        studentId: child.studentId,
        description: `${lineLabel} ${month} — ${child.studentName}: ${group.quantity} ${group.quantity === 1 ? one : many} × ${formatEuro(group.unitCents)}${group.note ? ` (${group.note})` : ''}`,
        quantity: group.quantity,
        unitCents: group.unitCents,
        amountCents: group.quantity * group.unitCents,
      });
    }
  }
  for (const adjustment of adjustments) {
    if (!Number.isSafeInteger(adjustment.amountCents)) throw new RangeError(`Not an amount: ${adjustment.amountCents}`);
    lines.push({
      studentId: adjustment.studentId,
      description: adjustment.description,
      quantity: 1,
      unitCents: adjustment.amountCents,
      amountCents: adjustment.amountCents,
    });
  }
  return lines;
}

export function linesTotal(lines: readonly Pick<RunLine, 'amountCents'>[]): number {
  return sumCents(lines.map((line) => line.amountCents));
}

/** Units of a family: meals or months, adjustments not counted. */
export function unitsOf(children: readonly ChildCharges[]): number {
  return children.reduce((sum, child) => sum + child.groups.reduce((s, g) => s + (g.unitCents > 0 ? g.quantity : 0), 0), 0);
}

export type AnomalyCode =
  | 'UNSUPPORTED'
  | 'DAYS_NOT_CLOSED'
  | 'MONTH_NOT_OVER'
  | 'NO_PRICE'
  | 'NO_FISCAL_CODE'
  | 'NO_ISEE'
  | 'DSU_EXPIRED'
  | 'ZERO_AMOUNT'
  | 'SDD_WITHOUT_MANDATE';

/** What stops the run (BLOCK) and what the clerk should only know (WARN). */
export const ANOMALY_SEVERITY: Readonly<Record<AnomalyCode, 'BLOCK' | 'WARN'>> = {
  UNSUPPORTED: 'BLOCK',
  DAYS_NOT_CLOSED: 'BLOCK',
  // meals of the days still to come could never be billed: a confirmed month is never billed again
  MONTH_NOT_OVER: 'BLOCK',
  NO_PRICE: 'BLOCK',
  NO_FISCAL_CODE: 'BLOCK',
  NO_ISEE: 'WARN',
  DSU_EXPIRED: 'WARN',
  ZERO_AMOUNT: 'WARN',
  SDD_WITHOUT_MANDATE: 'WARN',
};

export interface Anomaly {
  code: AnomalyCode;
  severity: 'BLOCK' | 'WARN';
  /** who or what it is about: a family, a child, days */
  subject: string;
  detail?: string;
}

export function anomaly(code: AnomalyCode, subject: string, detail?: string): Anomaly {
  return { code, severity: ANOMALY_SEVERITY[code], subject, ...(detail ? { detail } : {}) };
}

export function isBlocked(anomalies: readonly Anomaly[]): boolean {
  return anomalies.some((a) => a.severity === 'BLOCK');
}

/**
 * The service days of the period that must be closed before billing meals, and those not closed yet. The month
 * must be over (its last day's close due by `lastDue`): otherwise the anomaly is MONTH_NOT_OVER.
 */
export function closingAnomalies(
  period: string,
  serviceDays: readonly IsoDate[],
  closedDays: ReadonlySet<IsoDate>,
  lastDue: IsoDate,
): Anomaly[] {
  const { from, to } = periodBounds(period);
  const result: Anomaly[] = [];
  if (to > lastDue) result.push(anomaly('MONTH_NOT_OVER', periodLabel(period), `ultimo giorno ${formatItalianDate(to)}`));
  const open = serviceDays.filter((day) => day >= from && day <= to && day <= lastDue && !closedDays.has(day));
  if (open.length) result.push(anomaly('DAYS_NOT_CLOSED', open.map(formatItalianDate).join(', ')));
  return result;
}

/**
 * A DSU (the ISEE declaration) is valid until 31 December of the year it was filed: a protocol naming an earlier
 * year than the billed month's ("INPS-ISEE-2025-…") has expired. Protocols without a year say nothing.
 */
export function dsuExpiredFor(dsuProtocol: string | null, period: string): boolean {
  const year = dsuProtocol ? /(?:^|\D)(20\d{2})(?:\D|$)/.exec(dsuProtocol)?.[1] : undefined;
  return year !== undefined && Number(year) < Number(period.slice(0, 4));
}

export interface AnomalyGroup {
  code: AnomalyCode;
  severity: 'BLOCK' | 'WARN';
  count: number;
  /** the first `shown` anomalies of the code; the rest are counted */
  anomalies: Anomaly[];
}

/** Anomalies by code (blocking first), each listing only its first `shown`: a large Comune may have thousands. */
export function groupAnomalies(anomalies: readonly Anomaly[], shown = 20): AnomalyGroup[] {
  const groups = new Map<AnomalyCode, AnomalyGroup>();
  for (const a of anomalies) {
    const group = groups.get(a.code) ?? { code: a.code, severity: a.severity, count: 0, anomalies: [] };
    group.count++;
    if (group.anomalies.length < shown) group.anomalies.push(a);
    groups.set(a.code, group);
  }
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'BLOCK' ? -1 : 1));
}
