import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../src/db/client.ts';
import { allocateInvoiceNumbers } from '../../../src/features/billing/numbering.ts';
import { aGuardian, anInvoice, aSchool, aStudent, aTenant } from '../../helpers/builders.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});

afterAll(() => ctx.close());

const take = (tenantId: string, year: number, count: number, rollBack = false) =>
  inTransaction(ctx.prisma, async (tx) => {
    const numbers = await allocateInvoiceNumbers(tx, tenantId, year, count);
    if (rollBack) throw new Error('rolled back on purpose');
    return numbers;
  }).catch((error: unknown) => {
    if (error instanceof Error && error.message === 'rolled back on purpose') return [];
    throw error;
  });

describe('invoice numbers', () => {
  it('follow the highest number already issued that year, and start at 1 in a year with none', async () => {
    const tenant = await aTenant(ctx.prisma);
    const school = await aSchool(ctx.prisma, tenant.id);
    const guardian = await aGuardian(ctx.prisma, tenant.id);
    const student = await aStudent(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id });
    await anInvoice(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, studentId: student.id }, { number: '2026000104' });
    expect(await take(tenant.id, 2026, 2)).toEqual(['2026000105', '2026000106']);
    expect(await take(tenant.id, 2027, 1)).toEqual(['2027000001']);
  });

  it('have no gap and no repeat when 12 transactions take them at once and some roll back', async () => {
    const tenant = await aTenant(ctx.prisma);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => take(tenant.id, 2026, 3, i % 4 === 3)));
    const numbers = results.flat().sort();
    expect(numbers).toHaveLength(9 * 3);
    expect(numbers).toEqual(Array.from({ length: 27 }, (_, i) => `2026${String(i + 1).padStart(6, '0')}`));
  });

  it('are counted per Comune', async () => {
    const [one, two] = [await aTenant(ctx.prisma), await aTenant(ctx.prisma)];
    expect(await take(one.id, 2026, 1)).toEqual(['2026000001']);
    expect(await take(two.id, 2026, 1)).toEqual(['2026000001']);
  });
});
