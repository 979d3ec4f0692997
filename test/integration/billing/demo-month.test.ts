// `npm start` seeds the demo on the day it runs: in the first days of a month the month just over is not invoiced
// yet (the Comune bills on the 5th), so a person trying the demo can run its billing in Fatturazione.
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../prisma/seed/index.ts';
import { previewRun } from '../../../src/features/billing/preview.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ now: '2026-12-03T10:00:00Z' });

describe('the post-paid demo Comune seeded on 3 December', () => {
  it('leaves November to the billing run, with every family that ate, and October already billed', async () => {
    await seedDemo(ctx.prisma, { today: '2026-12-03' });
    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'borgoverde' } });
    const canteen = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'REFEZIONE' } });
    expect(await ctx.prisma.invoice.count({ where: { tenantId: tenant.id, period: '2026-11' } })).toBe(0);
    const november = await previewRun(ctx.prisma, tenant, canteen.id, '2026-11', ctx.clock.now());
    expect(november.blocked).toBe(false);
    expect(november.totals.families).toBeGreaterThan(3);
    expect((await previewRun(ctx.prisma, tenant, canteen.id, '2026-10', ctx.clock.now())).totals.families).toBe(0);
    // an October invoice lists its cancelled days too: every closed day of the month points at it
    const absent = await ctx.prisma.booking.count({
      where: { tenantId: tenant.id, status: 'ABSENT', closedAt: { not: null }, invoice: { period: '2026-10' } },
    });
    expect(absent).toBeGreaterThan(0);
  });
});
