import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/audit.ts';
import { fromDbDate, romeDateOf } from '../../../src/domain/dates.ts';
import { priceOfUnit } from '../../../src/domain/tariffs.ts';
import { closeDueDays } from '../../../src/features/canteen/day-close.ts';
import { cancelRun } from '../../../src/features/billing/cancel.ts';
import { previewRun } from '../../../src/features/billing/preview.ts';
import { confirmRun, RunExistsError } from '../../../src/features/billing/run.ts';
import { runBillingRun, type RunDeps } from '../../../src/features/billing/worker.ts';
import { loadPriceBook, pricedEnrollmentSelect } from '../../../src/features/pricing/inputs.ts';
import type { PagoPaGateway } from '../../../src/pagopa/gateway.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ demo: true, listen: true });
const PERIOD = '2026-11';
// 1 December, before the cutoff: every day of November is due to close
const AFTER_NOVEMBER = '2026-12-01T07:30:00Z';

function deps(pagopa?: PagoPaGateway): RunDeps {
  return {
    prisma: ctx.prisma,
    pagopa: pagopa ?? createPagoPaGateway(ctx.config),
    clock: ctx.clock,
    logger: pino({ level: 'silent' }),
    config: ctx.config,
  };
}
const appDeps = (pagopa?: PagoPaGateway) => ({ ...deps(pagopa), jobs: ctx.deps.jobs });

async function borgoverde() {
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'borgoverde' } });
  const canteen = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'REFEZIONE' } });
  return { tenant, canteen };
}

const runInvoices = (runId: string) =>
  ctx.prisma.invoice.findMany({ where: { billingRunId: runId }, include: { lines: true, guardian: true }, orderBy: { number: 'asc' } });

/** The numbers follow each other with no gap. */
function expectConsecutive(numbers: string[]) {
  const sorted = numbers.map(Number).sort((a, b) => a - b);
  expect(sorted.at(-1)! - sorted[0]).toBe(sorted.length - 1);
}

describe('the monthly billing run on borgoverde', () => {
  it('is blocked while November is not over, then previews what it issues', async () => {
    const { tenant, canteen } = await borgoverde();
    const early = await previewRun(ctx.prisma, tenant, canteen.id, PERIOD, ctx.clock.now());
    expect(early.blocked).toBe(true);
    expect(early.anomalies.map((a) => a.code)).toContain('MONTH_NOT_OVER');

    ctx.setNow(AFTER_NOVEMBER);
    await closeDueDays(ctx.prisma, tenant, ctx.clock.now());
    const preview = await previewRun(ctx.prisma, tenant, canteen.id, PERIOD, ctx.clock.now());
    expect(preview.anomalies.filter((a) => a.severity === 'BLOCK')).toEqual([]);
    expect(preview.totals.families).toBeGreaterThan(3);
    expect(preview.totals.totalCents).toBe(preview.families.reduce((s, f) => s + f.lines.reduce((t, l) => t + l.amountCents, 0), 0));
  });

  it('blocks a family without a valid fiscal code', async () => {
    const { tenant, canteen } = await borgoverde();
    const preview = await previewRun(ctx.prisma, tenant, canteen.id, PERIOD, ctx.clock.now());
    const guardian = preview.families[0].guardian;
    await ctx.prisma.guardian.update({ where: { id: guardian.id }, data: { fiscalCode: '' } });
    const blocked = await previewRun(ctx.prisma, tenant, canteen.id, PERIOD, ctx.clock.now());
    await ctx.prisma.guardian.update({ where: { id: guardian.id }, data: { fiscalCode: guardian.fiscalCode } });
    expect(blocked.anomalies.filter((a) => a.severity === 'BLOCK').map((a) => a.code)).toEqual(['NO_FISCAL_CODE']);
  });

  it('stopped after its first chunk and run again, issues exactly one invoice per family with numbers without gaps', async () => {
    const { tenant, canteen } = await borgoverde();
    const preview = await previewRun(ctx.prisma, tenant, canteen.id, PERIOD, ctx.clock.now());
    const run = await confirmRun(appDeps(), tenant, { serviceId: canteen.id, period: PERIOD }, SYSTEM_ACTOR);
    expect(ctx.sentJobs.at(-1)).toEqual({ name: 'billing-run', data: { runId: run.id }, singletonKey: run.id });

    const crash = (index: number) => {
      if (index === 1) throw new Error('killed');
    };
    await expect(runBillingRun(deps(), run.id, { chunkSize: 2, afterChunk: crash })).rejects.toThrow('killed');
    expect((await ctx.prisma.billingRun.findUniqueOrThrow({ where: { id: run.id } })).state).toBe('FAILED');
    expect(await ctx.prisma.invoice.count({ where: { billingRunId: run.id } })).toBe(4);

    const done = await runBillingRun(deps(), run.id, { chunkSize: 2 });
    expect(done?.state).toBe('DONE');
    const invoices = await runInvoices(run.id);
    expect(invoices).toHaveLength(preview.totals.families);
    expect(new Set(invoices.map((i) => i.guardianId)).size).toBe(invoices.length);
    expectConsecutive(invoices.map((i) => i.number));
    expect(done).toMatchObject({
      totalCents: preview.totals.totalCents,
      familiesDone: preview.totals.families,
      noticesDone: done!.noticesTotal,
    });
    expect(run.previewTotals).toEqual(preview.totals);
    for (const invoice of invoices) expect(invoice.totalCents).toBe(invoice.lines.reduce((s, l) => s + l.amountCents, 0));
  });

  it('bills each charged meal at the price function, links every closed booking, puts siblings on one invoice', async () => {
    const { tenant } = await borgoverde();
    const run = await ctx.prisma.billingRun.findFirstOrThrow({ where: { tenantId: tenant.id, period: PERIOD } });
    const invoices = await runInvoices(run.id);
    const bookings = await ctx.prisma.booking.findMany({
      where: { tenantId: tenant.id, date: { gte: new Date('2026-11-01'), lte: new Date('2026-11-30') }, closedAt: { not: null } },
      include: { student: { select: { guardianId: true } } },
    });
    const enrollments = await ctx.prisma.enrollment.findMany({
      where: { tenantId: tenant.id, service: { code: 'REFEZIONE' }, schoolYear: '2026/2027' },
      select: pricedEnrollmentSelect,
    });
    const book = await loadPriceBook(ctx.prisma, tenant.id, enrollments);
    const byStudent = new Map(enrollments.map((e) => [e.studentId, e]));
    const invoiceOf = new Map(invoices.map((i) => [i.guardianId, i]));
    const expected = new Map<string, number>();
    for (const booking of bookings) {
      const invoice = invoiceOf.get(booking.student.guardianId);
      if (!invoice) continue;
      expect(booking.invoiceId).toBe(invoice.id);
      if (booking.status === 'ABSENT') continue;
      const price = priceOfUnit(book.inputFor(byStudent.get(booking.studentId)!, fromDbDate(booking.date)));
      expect(price.ok && price.cents).toBe(booking.chargedCents);
      expected.set(invoice.id, (expected.get(invoice.id) ?? 0) + (price.ok ? price.cents : 0));
    }
    for (const invoice of invoices) expect(invoice.totalCents).toBe(expected.get(invoice.id));

    const siblings = invoices.find((i) => new Set(i.lines.map((l) => l.studentId)).size > 1)!;
    expect(siblings.studentId).toBeNull();
    const single = invoices.find((i) => new Set(i.lines.map((l) => l.studentId)).size === 1)!;
    expect(single.studentId).toBe(single.lines[0].studentId);
    expect(siblings.description).toBe('Refezione scolastica — novembre 2026');
    expect(siblings.lines[0].description).toMatch(/^Refezione novembre 2026 — .+: \d+ pasti? × \d+,\d\d\s€$/);
    expect(romeDateOf(siblings.issuedOn)).toBe('2026-12-01');
  });

  it('makes a published notice for each family paying with pagoPA; the SDD families go into one pain.008 file', async () => {
    const { tenant } = await borgoverde();
    const run = await ctx.prisma.billingRun.findFirstOrThrow({ where: { tenantId: tenant.id, period: PERIOD } });
    const invoices = await ctx.prisma.invoice.findMany({
      where: { billingRunId: run.id },
      include: { guardian: true, noticeItems: { include: { notice: true } } },
    });
    expect(invoices.some((i) => i.guardian.paymentMethod === 'SDD')).toBe(true);
    for (const invoice of invoices) {
      if (invoice.guardian.paymentMethod === 'SDD') expect(invoice.noticeItems).toEqual([]);
      else expect(invoice.noticeItems.map((i) => [i.notice.state, i.notice.amountCents])).toEqual([['VALID', invoice.totalCents]]);
    }
    const sdd = invoices.filter((i) => i.guardian.paymentMethod === 'SDD');
    const batch = await ctx.prisma.sddBatch.findFirstOrThrow({ where: { tenantId: tenant.id, billingRunId: run.id } });
    expect(sdd.map((i) => [i.directDebit, i.sddBatchId])).toEqual(sdd.map(() => ['IN_COLLECTION', batch.id]));
    expect([batch.count, batch.totalCents]).toEqual([sdd.length, sdd.reduce((sum, i) => sum + i.totalCents, 0)]);
    expect(batch.xml).toContain('pain.008.001.02');
  });

  it('creates nothing the second time: confirm is refused and the job run again issues nothing', async () => {
    const { tenant, canteen } = await borgoverde();
    const run = await ctx.prisma.billingRun.findFirstOrThrow({ where: { tenantId: tenant.id, period: PERIOD } });
    const before = await ctx.prisma.invoice.count({ where: { tenantId: tenant.id } });
    await expect(confirmRun(appDeps(), tenant, { serviceId: canteen.id, period: PERIOD }, SYSTEM_ACTOR)).rejects.toBeInstanceOf(
      RunExistsError,
    );
    await ctx.prisma.billingRun.update({ where: { id: run.id }, data: { state: 'RUNNING' } });
    await runBillingRun(deps(), run.id);
    expect(await ctx.prisma.invoice.count({ where: { tenantId: tenant.id } })).toBe(before);
    const preview = await previewRun(ctx.prisma, tenant, canteen.id, PERIOD, ctx.clock.now());
    expect(preview.totals.families).toBe(0);
  });

  it('cancelled, invalidates its notices on pagoPA and lets the month be billed again with new numbers and a pending adjustment', async () => {
    const { tenant, canteen } = await borgoverde();
    const run = await ctx.prisma.billingRun.findFirstOrThrow({ where: { tenantId: tenant.id, period: PERIOD } });
    const first = await runInvoices(run.id);
    const notices = await ctx.prisma.paymentNotice.findMany({ where: { items: { some: { invoice: { billingRunId: run.id } } } } });
    await cancelRun(deps(), tenant, run.id, SYSTEM_ACTOR);
    for (const notice of notices.slice(0, 3)) {
      const position = await request(ctx.baseUrl!).get(`/_pagopa/gpd/organizations/${tenant.fiscalCode}/debtpositions/${notice.iupd}`);
      expect(position.body).toMatchObject({ status: 'INVALID' });
    }
    expect(new Set((await runInvoices(run.id)).map((i) => [i.state, i.billingKey].join()))).toEqual(new Set(['CANCELLED,']));
    expect(await ctx.prisma.booking.count({ where: { invoiceId: { in: first.map((i) => i.id) } } })).toBe(0);
    // its SDD file is withdrawn, its invoices no longer at the bank, and the first debits will be FRST again
    const batch = await ctx.prisma.sddBatch.findFirstOrThrow({
      where: { tenantId: tenant.id, billingRunId: run.id },
      include: { items: true },
    });
    expect(batch.withdrawnAt).not.toBeNull();
    expect(new Set((await runInvoices(run.id)).map((i) => i.directDebit))).toEqual(new Set(['NONE']));
    const firsts = batch.items.filter((i) => i.sequenceType === 'FRST').map((i) => i.mandateId);
    expect(await ctx.prisma.sddMandate.count({ where: { id: { in: firsts }, firstCollectedOn: { not: null } } })).toBe(0);
    // its job delivered once more (a queue retry) leaves it cancelled and issues nothing
    expect(await runBillingRun(deps(), run.id)).toMatchObject({ state: 'CANCELLED' });
    expect(await ctx.prisma.invoice.count({ where: { billingRunId: run.id } })).toBe(first.length);

    const family = first[0];
    const adjustment = await ctx.prisma.billingAdjustment.create({
      data: {
        tenantId: tenant.id,
        guardianId: family.guardianId,
        serviceId: canteen.id,
        amountCents: -450,
        description: 'Rettifica: pasto del 3 novembre non consumato',
        createdBy: 'test',
      },
    });
    const again = await confirmRun(appDeps(), tenant, { serviceId: canteen.id, period: PERIOD }, SYSTEM_ACTOR);
    await runBillingRun(deps(), again.id);
    const second = await runInvoices(again.id);
    expect(second).toHaveLength(first.length);
    expect(Math.min(...second.map((i) => Number(i.number)))).toBe(Math.max(...first.map((i) => Number(i.number))) + 1);
    const corrected = second.find((i) => i.guardianId === family.guardianId)!;
    expect(corrected.totalCents).toBe(family.totalCents - 450);
    expect(corrected.lines.at(-1)).toMatchObject({ description: 'Rettifica: pasto del 3 novembre non consumato', amountCents: -450 });
    expect((await ctx.prisma.billingAdjustment.findUniqueOrThrow({ where: { id: adjustment.id } })).appliedInvoiceId).toBe(corrected.id);
  });

  it('with pagoPA down stays FAILED with the error; run again, publishes only what is left', async () => {
    const { tenant } = await borgoverde();
    const bus = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'TRASPORTO' } });
    const real = createPagoPaGateway(ctx.config);
    let calls = 0;
    const flaky: PagoPaGateway = Object.assign(Object.create(real) as PagoPaGateway, {
      createDebtPosition: (...args: Parameters<PagoPaGateway['createDebtPosition']>) => {
        if (++calls > 1) return Promise.reject(new Error('pagoPA non risponde'));
        return real.createDebtPosition(...args);
      },
    });
    const run = await confirmRun(appDeps(), tenant, { serviceId: bus.id, period: PERIOD }, SYSTEM_ACTOR);
    await expect(runBillingRun(deps(flaky), run.id)).rejects.toThrow('pagoPA non risponde');
    const failed = await ctx.prisma.billingRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(failed).toMatchObject({ state: 'FAILED', error: 'pagoPA non risponde', noticesDone: 1 });
    const done = await runBillingRun(deps(), run.id);
    expect(done).toMatchObject({ state: 'DONE', noticesDone: failed.noticesTotal });
    const invoices = await runInvoices(run.id);
    expect(invoices.length).toBe(failed.familiesTotal);
    expect(invoices[0].lines[0].description).toMatch(/^Trasporto scolastico novembre 2026 — .+: 1 mese × /);
  });

  it('bills nobody again for a month already invoiced before runs existed (the seeded October of the school bus)', async () => {
    const { tenant } = await borgoverde();
    const bus = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'TRASPORTO' } });
    expect(await ctx.prisma.invoice.count({ where: { tenantId: tenant.id, serviceId: bus.id, period: '2026-10' } })).toBeGreaterThan(0);
    const preview = await previewRun(ctx.prisma, tenant, bus.id, '2026-10', ctx.clock.now());
    expect(preview.totals.families).toBe(0);
  });
});
