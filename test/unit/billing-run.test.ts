import { describe, expect, it } from 'vitest';
import {
  anomaly,
  billingKeyOf,
  closingAnomalies,
  dsuExpiredFor,
  familyInvoiceLines,
  groupAnomalies,
  isBlocked,
  linesTotal,
  periodBounds,
  unitsOf,
  type ChildCharges,
} from '../../src/domain/billing-run.ts';
import { eachLimited } from '../../src/features/billing/limited.ts';

const luca: ChildCharges = {
  studentId: 's1',
  studentName: 'Luca Rossi',
  groups: [
    { kind: 'MEAL', unitCents: 450, quantity: 12 },
    { kind: 'BLAND', unitCents: 450, quantity: 2 },
    { kind: 'MEAL', unitCents: 500, quantity: 3 },
  ],
};
const anna: ChildCharges = { studentId: 's2', studentName: 'Anna Rossi', groups: [{ kind: 'MEAL', unitCents: 360, quantity: 15 }] };
const absentOnly: ChildCharges = { studentId: 's3', studentName: 'Zeno Rossi', groups: [] };

describe('a family invoice of a monthly run', () => {
  it('has one line group per child by name, a line per kind and price, meals × price each', () => {
    const lines = familyInvoiceLines('Refezione', '2026-11', [luca, anna, absentOnly]);
    expect(lines.map((l) => [l.studentId, l.description.replace(/\u00a0/g, ' '), l.amountCents])).toEqual([
      ['s2', 'Refezione novembre 2026 — Anna Rossi: 15 pasti × 3,60 €', 5400],
      ['s1', 'Refezione novembre 2026 — Luca Rossi: 3 pasti × 5,00 €', 1500],
      ['s1', 'Refezione novembre 2026 — Luca Rossi: 12 pasti × 4,50 €', 5400],
      ['s1', 'Refezione novembre 2026 — Luca Rossi: 2 pasti in bianco × 4,50 €', 900],
    ]);
    for (const line of lines) expect(line.amountCents).toBe(line.quantity * line.unitCents);
  });

  it('totals the sum of its lines, adjustments included, and counts units without them', () => {
    const lines = familyInvoiceLines(
      'Refezione',
      '2026-11',
      [luca, anna],
      [{ id: 'a1', studentId: 's1', amountCents: -450, description: 'Rettifica pasto del 3 ottobre' }],
    );
    expect(lines.at(-1)).toMatchObject({ studentId: 's1', quantity: 1, unitCents: -450, amountCents: -450 });
    expect(linesTotal(lines)).toBe(5400 + 1500 + 5400 + 900 - 450);
    expect(linesTotal(lines)).toBe(lines.reduce((sum, line) => sum + line.amountCents, 0));
    expect(unitsOf([luca, anna, absentOnly])).toBe(32);
  });

  it('bills a flat monthly fee as one month per child, and free groups make no line', () => {
    const lines = familyInvoiceLines('Pre-scuola', '2027-01', [
      { studentId: 's1', studentName: 'Luca Rossi', groups: [{ kind: 'MONTH', unitCents: 3000, quantity: 1 }] },
      { studentId: 's2', studentName: 'Anna Rossi', groups: [{ kind: 'MONTH', unitCents: 0, quantity: 1 }] },
    ]);
    expect(lines.map((l) => l.description.replace(/\u00a0/g, ' '))).toEqual(['Pre-scuola gennaio 2027 — Luca Rossi: 1 mese × 30,00 €']);
  });

  it('refuses a period that is not a month', () => {
    expect(() => familyInvoiceLines('Refezione', '2026-13', [luca])).toThrow(RangeError);
    expect(periodBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(billingKeyOf('g', 's', '2026-11')).toBe('g/s/2026-11');
  });
});

describe('anomalies of a run', () => {
  const days = ['2026-11-27', '2026-11-30', '2026-12-01'];

  it('blocks on service days of the month not closed, and on a month not over', () => {
    expect(closingAnomalies('2026-11', days, new Set(['2026-11-27', '2026-11-30']), '2026-11-30')).toEqual([]);
    const open = closingAnomalies('2026-11', days, new Set(['2026-11-27']), '2026-11-30');
    expect(open).toEqual([{ code: 'DAYS_NOT_CLOSED', severity: 'BLOCK', subject: '30/11/2026' }]);
    const early = closingAnomalies('2026-11', days, new Set(['2026-11-27']), '2026-11-27');
    expect(early.map((a) => a.code)).toEqual(['MONTH_NOT_OVER']);
    expect(isBlocked(early)).toBe(true);
  });

  it('reads an expired DSU from the year in its protocol only', () => {
    expect(dsuExpiredFor('INPS-ISEE-2025-00123456A-00', '2026-11')).toBe(true);
    expect(dsuExpiredFor('INPS-ISEE-2026-00123456A-00', '2026-11')).toBe(false);
    expect(dsuExpiredFor('123456', '2026-11')).toBe(false);
    expect(dsuExpiredFor(null, '2026-11')).toBe(false);
  });

  it('only warnings do not block', () => {
    expect(isBlocked([{ code: 'NO_ISEE', severity: 'WARN', subject: 'x' }])).toBe(false);
  });
});

describe('anomalies shown by code', () => {
  it('puts blocking codes first, counts them all and lists only the first ones', () => {
    const many = Array.from({ length: 30 }, (_, i) => anomaly('NO_ISEE', `Alunno ${i}`));
    const groups = groupAnomalies([...many, anomaly('DAYS_NOT_CLOSED', '2026-11-30')], 20);
    expect(groups.map((g) => [g.code, g.severity, g.count, g.anomalies.length])).toEqual([
      ['DAYS_NOT_CLOSED', 'BLOCK', 1, 1],
      ['NO_ISEE', 'WARN', 30, 20],
    ]);
  });
});

describe('a few at a time', () => {
  it('never runs more than the limit at once, and after a failure takes no new item and throws it', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const work = async (n: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (n === 3) throw new Error('pagoPA non risponde');
      done.push(n);
    };
    await expect(eachLimited([1, 2, 3, 4, 5, 6, 7, 8, 9], 2, work)).rejects.toThrow('pagoPA non risponde');
    expect(most).toBe(2);
    expect(done.length).toBeLessThan(8);
    await eachLimited([], 4, work);
  });
});
