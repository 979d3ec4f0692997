// CSV exports of two Comuni: row counts equal the database's, formula cells neutralisedCell, nothing of the other Comune.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEuroInput } from '../../../src/domain/money.ts';
import { readCsv } from '../../../src/domain/csv-import.ts';
import { aGuardian, anInvoice, aStudent } from '../../helpers/builders.ts';
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

  it('money columns add up to the database sums, written with Italian decimals', async () => {
    // amounts with thousands, cents and a credit note's minus, next to the demo's documents and receipts
    const guardian = await aGuardian(ctx.prisma, tenantId);
    const school = await ctx.prisma.school.findFirstOrThrow({ where: { tenantId } });
    const student = await aStudent(ctx.prisma, { tenantId, guardianId: guardian.id, schoolId: school.id });
    const refs = { tenantId, guardianId: guardian.id, studentId: student.id };
    const big = await anInvoice(ctx.prisma, refs, { totalCents: 1234567, paidCents: 100001 });
    await anInvoice(ctx.prisma, refs, { kind: 'CREDIT_NOTE', totalCents: -4550, creditedInvoiceId: big.id });
    await ctx.prisma.receipt.create({
      data: {
        tenantId,
        receiptId: 'RT-EXPORT-SUM-1',
        noticeNumber: '301000000000012345',
        iuv: '01000000000012345',
        outcome: 'OK',
        amountCents: 250099,
        feeCents: 150,
        paidAt: new Date('2026-11-20T10:00:00Z'),
        status: 'FLAGGED',
        flag: 'UNKNOWN_NOTICE',
        payload: {},
      },
    });

    const cents = (text: string) => {
      expect(text).toMatch(/^-?\d{1,3}(\.\d{3})*,\d{2}$/);
      const value = parseEuroInput(text.replace(/^-/, ''))!;
      return text.startsWith('-') ? -value : value;
    };
    const total = async (file: string, column: string) => {
      const response = await clerk.get(`${E}/${file}`);
      const { rows } = readCsv(Buffer.from(response.text));
      return rows.reduce((sum, row) => sum + (row.cells[column] === '' ? 0 : cents(row.cells[column])), 0);
    };
    const invoices = await ctx.prisma.invoice.aggregate({ where: { tenantId }, _sum: { totalCents: true, paidCents: true } });
    const receipts = await ctx.prisma.receipt.aggregate({ where: { tenantId }, _sum: { amountCents: true, feeCents: true } });
    expect(await total('documenti.csv', 'importo')).toBe(invoices._sum.totalCents);
    expect(await total('documenti.csv', 'pagato')).toBe(invoices._sum.paidCents);
    expect(await total('pagamenti.csv', 'importo')).toBe(receipts._sum.amountCents);
    expect(await total('pagamenti.csv', 'commissione')).toBe(receipts._sum.feeCents);
    expect(receipts._sum.amountCents).toBeGreaterThan(250099);

    const documents = readCsv(Buffer.from((await clerk.get(`${E}/documenti.csv`)).text)).rows.map((row) => row.cells);
    expect(documents.find((row) => row.numero === big.number)).toMatchObject({ importo: '12.345,67', pagato: '1.000,01' });
    expect(documents.find((row) => row.tipo === 'CREDIT_NOTE')).toMatchObject({ importo: '-45,50' });
  });
});
