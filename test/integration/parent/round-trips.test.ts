// How many SQL statements (database round trips) each parent page sends, the session's included. Every round trip
// costs the portal a socket write and a wake-up of PostgreSQL, which on a small machine is most of a page's CPU
// (bench/README.md, "Profiling"); these ceilings make a page that quietly grows a query per component fail here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { toDbDate } from '../../../src/domain/dates.ts';
import { agentFor, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { captureStatements } from '../../helpers/sql-capture.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

const REASON = 'Chiusura per elezioni';
let ctx: TestContext;
let agent: Agent;
let capture: ReturnType<typeof captureStatements>;

beforeAll(async () => {
  ctx = await createTestContext({ demo: true, changes: true });
  agent = agentFor(ctx.app);
  await loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  capture = captureStatements();
});

afterAll(async () => {
  capture?.stop();
  await ctx?.close();
});

describe('the round trips of the parent pages', () => {
  // Before the family's read was shared by the page's parts and kept between requests with calendars and menus
  // (src/db/change-feed.ts): home 26, documenti 11, refezione 15, conto 14. The session's read is one of them. Home's
  // 18th is the lines of the family invoices, whose amount owed is shared among the children they name.
  const ceilings = [
    { page: '/home', statements: 18 },
    { page: '/documenti', statements: 8 },
    { page: '/refezione', statements: 6 },
    { page: '/conto', statements: 11 },
  ];

  it.each(ceilings)('$page sends at most $statements SQL statements', async ({ page, statements }) => {
    await agent.get(`/dimostrativo${page}`); // the first visit may store the session's lastSeenAt, and fills the kept reads
    capture.sent.length = 0;
    const res = await agent.get(`/dimostrativo${page}`);
    expect(res.status).toBe(200);
    expect(capture.sent.length, capture.sent.join('\n')).toBeLessThanOrEqual(statements);
  });
});

/** The calendar page and whether it read the closures from the database. */
async function calendar() {
  capture.sent.length = 0;
  const res = await agent.get('/dimostrativo/refezione');
  expect(res.status).toBe(200);
  return { text: res.text, readClosures: capture.sent.some((sql) => sql.includes('"ClosureDay"')) };
}

// Calendars, closures, menus and the family's children are kept between requests (src/db/change-feed.ts) and
// dropped when the database says their table was written, whoever wrote it: here a write the app did not make.
// Last in the file: it stops the feed.
describe('rows kept between requests', () => {
  it('are read once, then shown again until their table is written, then read anew', async () => {
    await calendar();
    const kept = await calendar();
    expect(kept.readClosures).toBe(false);
    expect(kept.text).not.toContain(REASON);

    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
    const schools = await ctx.prisma.school.findMany({ where: { tenantId: tenant.id } });
    await ctx.prisma.closureDay.createMany({
      data: schools.map((school) => ({
        tenantId: tenant.id,
        schoolId: school.id,
        date: toDbDate('2026-11-25'),
        kind: 'EXTRAORDINARY' as const,
        reason: REASON,
      })),
    });
    // the notice comes at commit over the feed's own connection: a few milliseconds
    let page = await calendar();
    for (let tries = 0; !page.text.includes(REASON) && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      page = await calendar();
    }
    expect(page.text).toContain(REASON);
  });

  it('are not kept while the feed is not listening', async () => {
    await calendar();
    await ctx.deps.changes!.stop();
    expect((await calendar()).readClosures).toBe(true);
    expect((await calendar()).readClosures).toBe(true);
  });
});
