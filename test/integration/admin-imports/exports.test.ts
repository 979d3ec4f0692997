// CSV exports of two Comuni: row counts equal the database's, formula cells neutralisedCell, nothing of the other Comune.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aGuardian } from '../../helpers/builders.ts';
import type { Agent } from '../../helpers/http.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { demoTenant, staffAgent } from '../admin-canteen/support.ts';

let ctx: TestContext;
let clerk: Agent;
let tenantId: string;
let otherTenantId: string;
const E = '/dimostrativo/admin/importazioni/esporta';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenantId = (await demoTenant(ctx.prisma, 'dimostrativo')).id;
  otherTenantId = (await demoTenant(ctx.prisma, 'borgoverde')).id;
  await aGuardian(ctx.prisma, tenantId, { lastName: '=HYPERLINK("http://x.example","clic")', firstName: '@SUM(A1)' });
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
});

afterAll(() => ctx.close());

async function download(file: string): Promise<string[][]> {
  const response = await clerk.get(`${E}/${file}`);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/csv/);
  expect(response.text.startsWith('\uFEFF')).toBe(true);
  return parse(response.text, { delimiter: ';', bom: true });
}

describe('exports', () => {
  it('each file has one row per record of the Comune', async () => {
    const where = { tenantId };
    const expected: Record<string, number> = {
      'alunni.csv': await ctx.prisma.student.count({ where }),
      'famiglie.csv': await ctx.prisma.guardian.count({ where }),
      'iscrizioni.csv': await ctx.prisma.enrollment.count({ where }),
      'documenti.csv': await ctx.prisma.invoice.count({ where }),
      'pagamenti.csv': await ctx.prisma.receipt.count({ where }),
    };
    for (const [file, count] of Object.entries(expected)) expect((await download(file)).length - 1, file).toBe(count);
    expect(expected['alunni.csv']).toBeGreaterThan(0);
  });

  it('neutralises formula cells, keeps signed amounts as data', async () => {
    const rows = await download('famiglie.csv');
    const row = rows.find((r) => r[1].includes('HYPERLINK'))!;
    expect(row[1]).toBe('\'=HYPERLINK("http://x.example","clic")');
    expect(row[2]).toBe("'@SUM(A1)");
  });

  it('payments carry notice number, IUV, PSP and date', async () => {
    const [header, ...rows] = await download('pagamenti.csv');
    expect(header.slice(0, 4)).toEqual(['pagato_il', 'numero_avviso', 'iuv', 'psp']);
    for (const row of rows) {
      expect(row[1]).toMatch(/^\d{18}$/);
      expect(row[2]).toMatch(/^\d{17}$/);
    }
  });

  it('holds nothing of the other Comune, and an unknown file is 404', async () => {
    const foreign = await ctx.prisma.student.findMany({ where: { tenantId: otherTenantId }, select: { fiscalCode: true } });
    const codes = new Set((await download('alunni.csv')).map((r) => r[9]));
    expect(foreign.some((s) => codes.has(s.fiscalCode!))).toBe(false);
    expect((await clerk.get(`${E}/segreti.csv`)).status).toBe(404);
    expect((await clerk.get(`${E}/constructor`)).status).toBe(404);
  });
});
