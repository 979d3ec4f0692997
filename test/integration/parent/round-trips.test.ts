// How many SQL statements (database round trips) each parent page sends, the session's included. Every round trip
// costs the portal a socket write and a wake-up of PostgreSQL, which on a small machine is most of a page's CPU
// (bench/README.md, "Profiling"); these ceilings make a page that quietly grows a query per component fail here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { captureStatements } from '../../helpers/sql-capture.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let agent: Agent;
let capture: ReturnType<typeof captureStatements>;

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  agent = agentFor(ctx.app);
  await loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  capture = captureStatements();
});

afterAll(async () => {
  capture?.stop();
  await ctx?.close();
});

describe('the round trips of the parent pages', () => {
  // before the family's read was shared by the page's parts: home 26, documenti 11, refezione 15, conto 14
  const ceilings = [
    { page: '/home', statements: 23 },
    { page: '/documenti', statements: 11 },
    { page: '/refezione', statements: 14 },
    { page: '/conto', statements: 14 },
  ];

  it.each(ceilings)('$page sends at most $statements SQL statements', async ({ page, statements }) => {
    await agent.get(`/dimostrativo${page}`); // the first visit may store the session's lastSeenAt
    capture.sent.length = 0;
    const res = await agent.get(`/dimostrativo${page}`);
    expect(res.status).toBe(200);
    expect(capture.sent.length, capture.sent.join('\n')).toBeLessThanOrEqual(statements);
  });
});
