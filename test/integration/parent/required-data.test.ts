// missingRequiredData is what the payments feature asks before starting a payment (seeds 003/004).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionAuth } from '../../../src/auth/session-auth.ts';
import { missingRequiredData } from '../../../src/features/required-data/service.ts';
import { aGuardian, aSchool, aStudent, aTenant } from '../../helpers/builders.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

function authFor(tenantId: string, guardianIds: string[]): SessionAuth {
  return {
    tenantId,
    via: 'SPID',
    displayName: 'Prova',
    fiscalCode: null,
    guardianIds,
    ownGuardianId: guardianIds[0],
    accountId: null,
    role: null,
    loginAt: 0,
    saml: null,
  };
}

describe('missingRequiredData', () => {
  it('lists the missing parent e-mail and child codice fiscale, only for the children asked and of the family', async () => {
    const tenant = await aTenant(ctx.prisma);
    const school = await aSchool(ctx.prisma, tenant.id);
    const guardian = await aGuardian(ctx.prisma, tenant.id, { email: null });
    const withCf = await aStudent(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id });
    const withoutCf = await aStudent(
      ctx.prisma,
      { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id },
      { fiscalCode: null, firstName: 'Marta' },
    );
    const stranger = await aStudent(
      ctx.prisma,
      {
        tenantId: tenant.id,
        guardianId: (await aGuardian(ctx.prisma, tenant.id, { email: null })).id,
        schoolId: school.id,
      },
      { fiscalCode: null },
    );
    const auth = authFor(tenant.id, [guardian.id]);

    expect(await missingRequiredData(ctx.prisma, auth, [withCf.id])).toEqual([
      { kind: 'GUARDIAN_EMAIL', guardianId: guardian.id, guardianName: `${guardian.firstName} ${guardian.lastName}` },
    ]);
    const all = await missingRequiredData(ctx.prisma, auth, [withCf.id, withoutCf.id, stranger.id]);
    expect(all.map((item) => item.kind)).toEqual(['GUARDIAN_EMAIL', 'STUDENT_FISCAL_CODE']);
    expect(all[1]).toMatchObject({ studentId: withoutCf.id, studentName: `Marta ${withoutCf.lastName}` });

    await ctx.prisma.guardian.update({ where: { id: guardian.id }, data: { email: 'laura@example.com' } });
    expect(await missingRequiredData(ctx.prisma, auth, [withCf.id])).toEqual([]);
  });

  it('treats an invalid codice fiscale as missing', async () => {
    const tenant = await aTenant(ctx.prisma);
    const school = await aSchool(ctx.prisma, tenant.id);
    const guardian = await aGuardian(ctx.prisma, tenant.id, { fiscalCode: 'NONVALIDO' });
    const student = await aStudent(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id });
    const missing = await missingRequiredData(ctx.prisma, authFor(tenant.id, [guardian.id]), [student.id]);
    expect(missing.map((item) => item.kind)).toEqual(['GUARDIAN_FISCAL_CODE']);
  });
});

describe('FAQ', () => {
  it('is public and answers with the Comune figures', async () => {
    const tenant = await aTenant(ctx.prisma, { cutoffTime: '09:00', billingMode: 'POSTPAID' });
    const { default: request } = await import('supertest');
    const res = await request(ctx.app).get(`/${tenant.slug}/faq`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Entro le ore 09:00 del giorno stesso');
    expect(res.text).toContain('primo giorno utile');
    expect(res.text).toContain('pasto in bianco');
    expect(res.text).toContain('Delegati accesso');
    expect(res.text).toContain('pagoPA');
    expect(res.text).toContain(tenant.officePhone);
    // a post-paid Comune has no virtual account, so no question about it
    expect(res.text).not.toContain('Come ricarico il conto virtuale');
    expect(res.text).toContain('Quando arrivano i documenti da pagare');
  });
});
