import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/audit.ts';
import { fromDbDate } from '../../../src/domain/dates.ts';
import { previewRun } from '../../../src/features/billing/preview.ts';
import { confirmRun } from '../../../src/features/billing/run.ts';
import { runBillingRun } from '../../../src/features/billing/worker.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { aGuardian, anEnrollment, aSchool, aService, aStudent, aTariff, aTenant } from '../../helpers/builders.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ listen: true, now: '2026-10-05T08:00:00Z' });

/** A Comune whose pre-school is a yearly fee of 300,01 € in 3 instalments, and a family of two children in it. */
async function preSchoolFamily() {
  const tenant = await aTenant(ctx.prisma, { billingMode: 'POSTPAID' });
  const school = await aSchool(ctx.prisma, tenant.id);
  const service = await aService(ctx.prisma, tenant.id, {
    code: 'PRESCUOLA',
    name: 'Pre-scuola',
    kind: 'PRE_SCHOOL',
    billingMode: 'FLAT_INSTALMENTS',
    instalments: 3,
  });
  const tariff = await aTariff(ctx.prisma, service, { unit: 'PER_YEAR', amountCents: 30001, siblingReductionPct: 0 });
  const guardian = await aGuardian(ctx.prisma, tenant.id);
  const refs = { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id };
  const older = await aStudent(ctx.prisma, refs, { firstName: 'Anna' });
  const younger = await aStudent(ctx.prisma, refs, { firstName: 'Bruno' });
  for (const student of [older, younger]) await anEnrollment(ctx.prisma, { student: { ...student, classId: null }, tariff });
  return { tenant, service };
}

const deps = () => ({
  prisma: ctx.prisma,
  pagopa: createPagoPaGateway(ctx.config),
  clock: ctx.clock,
  logger: pino({ level: 'silent' }),
  config: ctx.config,
  jobs: ctx.deps.jobs,
});

describe('a yearly fee in instalments', () => {
  it('bills in October the first of 3 instalments, due on its plan date, one line per child, and nothing in November', async () => {
    const { tenant, service } = await preSchoolFamily();
    expect((await previewRun(ctx.prisma, tenant, service.id, '2026-11', ctx.clock.now())).totals.families).toBe(0);
    const preview = await previewRun(ctx.prisma, tenant, service.id, '2026-10', ctx.clock.now());
    expect(preview.blocked).toBe(false);
    expect(preview.totals).toMatchObject({ families: 1, students: 2, totalCents: 2 * 10001 });

    const run = await confirmRun(deps(), tenant, { serviceId: service.id, period: '2026-10' }, SYSTEM_ACTOR);
    await runBillingRun(deps(), run.id);
    const [invoice] = await ctx.prisma.invoice.findMany({
      where: { billingRunId: run.id },
      include: { lines: { orderBy: { position: 'asc' } } },
    });
    expect(fromDbDate(invoice.dueOn)).toBe('2026-10-31');
    expect(invoice.totalCents).toBe(20002);
    expect(invoice.lines.map((l) => l.description)).toEqual([
      expect.stringMatching(/^Pre-scuola ottobre 2026 — Anna .+: 1 rata × 100,01\u00a0€ \(rata 1 di 3, a\.s\. 2026\/2027\)$/),
      expect.stringMatching(/^Pre-scuola ottobre 2026 — Bruno .+: 1 rata × 100,01\u00a0€ \(rata 1 di 3, a\.s\. 2026\/2027\)$/),
    ]);
  });

  it('bills in January the second instalment, without the odd cent of the first', async () => {
    const { tenant, service } = await preSchoolFamily();
    const preview = await previewRun(ctx.prisma, tenant, service.id, '2027-01', ctx.clock.now());
    expect(preview.families[0].lines.map((l) => [l.amountCents, l.description.endsWith('(rata 2 di 3, a.s. 2026/2027)')])).toEqual([
      [10000, true],
      [10000, true],
    ]);
  });
});
