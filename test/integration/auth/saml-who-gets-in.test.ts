import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '../../../src/generated/prisma/client.ts';
import { aFiscalCode, aGuardian, aLocalAccount, aTenant } from '../../helpers/builders.ts';
import { agentFor } from '../../helpers/http.ts';
import { loginThroughDevIdp } from '../../helpers/login.ts';
import { lastAudit, sessionAuthSetBy } from '../../helpers/saml-idp.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

// Who the fiscal code is in this Comune decides what the session may see: own family, delegated families,
// staff role — and nothing from other Comuni.

let ctx: TestContext;
let tenant: Tenant;
beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await aTenant(ctx.prisma);
});
afterAll(() => ctx.close());

async function login(fiscalCode: string, federation: 'SPID' | 'CIE' = 'SPID', slug = tenant.slug) {
  const acs = await loginThroughDevIdp(agentFor(ctx.app), slug, { fiscalCode, federation });
  return { acs, auth: await sessionAuthSetBy(ctx, acs) };
}

async function aDelegation(guardianId: string, fiscalCode: string, revokedAt: Date | null = null) {
  return ctx.prisma.delegate.create({
    data: { tenantId: tenant.id, guardianId, fiscalCode, firstName: 'Nonna', lastName: 'Pina', revokedAt },
  });
}

describe('who gets in', () => {
  it('an intestatario who is also a delegate of another family acts for both; a revoked delegation counts for nothing', async () => {
    const own = await aGuardian(ctx.prisma, tenant.id);
    const delegating = await aGuardian(ctx.prisma, tenant.id);
    const revoked = await aGuardian(ctx.prisma, tenant.id);
    await aDelegation(delegating.id, own.fiscalCode);
    await aDelegation(revoked.id, own.fiscalCode, new Date('2026-10-01T00:00:00Z'));
    const { acs, auth } = await login(own.fiscalCode);
    expect(acs.headers.location).toBe(`/${tenant.slug}/home`);
    expect(auth).toMatchObject({ ownGuardianId: own.id, guardianIds: [own.id, delegating.id], role: null, accountId: null });
  });

  it('a delegate only is not an intestatario', async () => {
    const delegating = await aGuardian(ctx.prisma, tenant.id);
    const delegateCode = aFiscalCode();
    await aDelegation(delegating.id, delegateCode);
    const { auth } = await login(delegateCode);
    expect(auth).toMatchObject({ ownGuardianId: null, guardianIds: [delegating.id] });
    expect((await lastAudit(ctx, tenant.id, 'LOGIN'))?.actorKind).toBe('DELEGATE');
  });

  it('a staff member whose record holds the code gets the staff role (and a parent who is staff, both)', async () => {
    const clerkCode = aFiscalCode();
    const clerk = await aLocalAccount(ctx.prisma, tenant.id, { fiscalCode: clerkCode, role: 'CLERK' });
    const onlyStaff = await login(clerkCode);
    expect(onlyStaff.acs.headers.location).toBe(`/${tenant.slug}/admin`);
    expect(onlyStaff.auth).toMatchObject({ role: 'CLERK', accountId: clerk.id, guardianIds: [], ownGuardianId: null });

    const parent = await aGuardian(ctx.prisma, tenant.id);
    await aLocalAccount(ctx.prisma, tenant.id, { fiscalCode: parent.fiscalCode, role: 'CASHIER' });
    expect((await login(parent.fiscalCode)).auth).toMatchObject({ role: 'CASHIER', ownGuardianId: parent.id });
  });

  it('a company account never turns a SPID login into a company login', async () => {
    const code = aFiscalCode();
    await aLocalAccount(ctx.prisma, tenant.id, { fiscalCode: code, role: 'COMPANY' });
    expect((await login(code)).acs.status).toBe(403);
  });

  it('a parent of another Comune is nobody here', async () => {
    const elsewhere = await aTenant(ctx.prisma);
    const parent = await aGuardian(ctx.prisma, elsewhere.id);
    const { acs, auth } = await login(parent.fiscalCode);
    expect(acs.status).toBe(403);
    expect(acs.text).toContain('Consultazione non possibile, verificare il codice fiscale dell&#39;utente');
    expect(acs.text).toContain(tenant.officeEmail);
    expect(acs.text).toContain(tenant.officePhone);
    expect(auth).toBeNull();
  });
});

describe('the session', () => {
  it('is a new one at login (no fixation)', async () => {
    const parent = await aGuardian(ctx.prisma, tenant.id);
    const agent = agentFor(ctx.app);
    const before = await agent.get(`/${tenant.slug}/accedi`);
    const sidOf = (cookies: string[] | string | undefined) =>
      ([] as string[])
        .concat(cookies ?? [])
        .find((c) => c.startsWith('ss.sid='))
        ?.split(';')[0];
    const anonymous = sidOf(before.headers['set-cookie']);
    expect(anonymous).toBeDefined();
    const acs = await loginThroughDevIdp(agent, tenant.slug, { fiscalCode: parent.fiscalCode });
    const authenticated = sidOf(acs.headers['set-cookie']);
    expect(authenticated).toBeDefined();
    expect(authenticated).not.toBe(anonymous);
  });

  it('opens through CIE too (its Response Issuer carries no Format)', async () => {
    const parent = await aGuardian(ctx.prisma, tenant.id);
    const { acs, auth } = await login(parent.fiscalCode, 'CIE');
    expect(acs.status).toBe(302);
    expect(auth).toMatchObject({ via: 'CIE', ownGuardianId: parent.id });
  });
});

describe('audit', () => {
  it('records logins and failed logins with the fiscal code masked, never whole', async () => {
    const parent = await aGuardian(ctx.prisma, tenant.id);
    await login(parent.fiscalCode);
    const stranger = aFiscalCode();
    await login(stranger);
    const loginEvent = await lastAudit(ctx, tenant.id, 'LOGIN');
    expect(loginEvent).toMatchObject({ actorKind: 'PARENT', actorId: parent.id, actorLabel: `${parent.fiscalCode.slice(0, 6)}**********` });
    expect(loginEvent?.details).toMatchObject({ method: 'SPID', level: 2 });
    const failed = await lastAudit(ctx, tenant.id, 'LOGIN_FAILED');
    expect(failed).toMatchObject({
      actorKind: 'ANONYMOUS',
      actorLabel: `${stranger.slice(0, 6)}**********`,
      details: { reason: 'NO_MATCH' },
    });
    const everything = JSON.stringify(await ctx.prisma.auditEvent.findMany({ where: { tenantId: tenant.id } }));
    expect(everything).not.toContain(parent.fiscalCode);
    expect(everything).not.toContain(stranger);
  });
});
