// Every query a parent page sends must be able to use an index: filtered by tenantId (every secondary index of
// ours starts with it), or a lookup by primary key or by a foreign key column (each has an index that starts
// with it: foreign-key-indexes.test.ts) — the way Prisma loads an `include`. One big Comune must not slow the
// pages of every other Comune with a sequential scan of a shared table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { captureStatements } from '../../helpers/sql-capture.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let agent: Agent;
let keyColumns: Map<string, Set<string>>;
let capture: ReturnType<typeof captureStatements>;
let sent: string[];

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  agent = agentFor(ctx.app);
  await loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  const { rows } = await ctx.pool.query<{ table: string; column: string }>(`
    SELECT c.conrelid::regclass::text AS "table", a.attname AS "column"
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
    WHERE c.contype IN ('f', 'p') AND c.connamespace = 'public'::regnamespace AND cardinality(c.conkey) = 1`);
  keyColumns = new Map();
  for (const { table, column } of rows) {
    const name = table.replace(/"/g, '');
    keyColumns.set(name, (keyColumns.get(name) ?? new Set()).add(column));
  }
  capture = captureStatements();
  sent = capture.sent;
});

afterAll(async () => {
  capture?.stop();
  await ctx?.close();
});

/** The statements of `sent` on a tenant table whose filter neither names tenantId nor only keys of the table. */
function unscoped(statements: string[]): string[] {
  return statements.filter((sql) => {
    const target = /^(?:SELECT|WITH|UPDATE|DELETE)\b.*?\b(?:FROM|UPDATE) (?:"public"\.)?"(\w+)"/.exec(sql);
    if (!target || ['Tenant', 'session'].includes(target[1])) return false;
    const where = sql
      .split(/ WHERE /)
      .slice(1)
      .join(' WHERE ');
    if (where.includes('"tenantId"')) return false;
    const columns = [...where.matchAll(new RegExp(`"${target[1]}"\\."(\\w+)"`, 'g'))].map((m) => m[1]);
    const keys = keyColumns.get(target[1]) ?? new Set();
    return columns.length === 0 || !columns.every((column) => keys.has(column));
  });
}

describe('the queries of the parent pages', () => {
  const pages = [
    '/home',
    '/refezione',
    '/refezione/ricerca?dal=01/11/2026&al=30/11/2026',
    '/assenze',
    '/conto',
    '/conto?dal=01/10/2026&al=31/10/2026&pagina=2',
    '/conto/csv',
    '/conto/estratto?mese=2026-11',
    '/documenti',
    '/pagamenti',
    '/ricariche',
    '/anagrafica',
    '/anagrafica/delegati',
    '/news',
  ];

  it.each(pages)('%s filter by tenant or look up by a key', async (page) => {
    sent.length = 0;
    const res = await agent.get(`/dimostrativo${page}`);
    expect(res.status).toBe(200);
    expect(sent.length).toBeGreaterThan(0);
    expect(unscoped(sent)).toEqual([]);
  });

  it('the detail and PDF of a document filter by tenant or look up by a key', async () => {
    const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { fiscalCode: DEMO_PARENT.fiscalCode } });
    const invoice = await ctx.prisma.invoice.findFirstOrThrow({ where: { tenantId: guardian.tenantId, guardianId: guardian.id } });
    for (const page of [`/documenti/${invoice.id}`, `/documenti/${invoice.id}/pdf`]) {
      sent.length = 0;
      const res = await agent.get(`/dimostrativo${page}`);
      expect(res.status, page).toBe(200);
      expect(unscoped(sent), page).toEqual([]);
    }
  });

  it('would catch a query by another column without the tenant', () => {
    expect(
      unscoped(['SELECT "public"."Booking"."id" FROM "public"."Booking" WHERE "public"."Booking"."date" = $1 OFFSET $2']),
    ).toHaveLength(1);
    expect(unscoped(['SELECT m.id FROM "WalletMovement" m WHERE kind = \'MEAL\''])).toHaveLength(1);
    expect(
      unscoped(['SELECT "public"."Booking"."id" FROM "public"."Booking" WHERE "public"."Booking"."studentId" IN ($1,$2) OFFSET $3']),
    ).toEqual([]);
  });
});
