import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../prisma/seed/identities.ts';
import { maskFiscalCode } from '../../../src/domain/fiscal-code.ts';
import { aFiscalCode } from '../../helpers/builders.ts';
import { agentFor, csrfTokenFrom, loginWithPassword, type Agent } from '../../helpers/http.ts';
import { loginThroughDevIdp } from '../../helpers/login.ts';
import { sessionAuthSetBy } from '../../helpers/saml-idp.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { demoTenant, postFrom, staffAgent, visibleText } from './support.ts';

const ctx = useTestContext({ demo: true });
const T = '/dimostrativo';
const temporaryPasswordOn = (html: string) => /data-qa="temporary-password">([^<]+)</.exec(html)![1];

async function changePassword(agent: Agent, current: string, next: string) {
  const page = await agent.get(`${T}/cambio-password`);
  expect(page.text).toContain('data-qa="must-change-password"');
  return agent
    .post(`${T}/cambio-password`)
    .type('form')
    .send({ currentPassword: current, newPassword: next, confirmPassword: next, _csrf: csrfTokenFrom(page.text) });
}

describe('staff password reset', () => {
  it('gives a temporary password that must be changed at the next login; the old one stops working, open sessions end, audited', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const clerkAccount = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: tenant.id, username: 'operatore' } });
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    expect((await clerk.get(`${T}/admin`)).status).toBe(200);

    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const reset = await postFrom(admin, `${T}/admin/personale/${clerkAccount.id}`, `${T}/admin/personale/${clerkAccount.id}/password`);
    expect(reset.status).toBe(200);
    expect(reset.headers['cache-control']).toBe('no-store');
    const password = temporaryPasswordOn(reset.text);
    expect(password).not.toBe(DEMO_PASSWORD);

    expect((await clerk.get(`${T}/admin`)).status).toBe(302); // the open session ended
    expect((await loginWithPassword(agentFor(ctx.app), 'dimostrativo', 'operatore', DEMO_PASSWORD)).status).toBe(401);

    const again = agentFor(ctx.app);
    const login = await loginWithPassword(again, 'dimostrativo', 'operatore', password);
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe(`${T}/cambio-password`);
    expect((await again.get(`${T}/admin/anagrafica/alunni`)).headers.location).toBe(`${T}/cambio-password`);
    expect((await changePassword(again, password, 'Operatore-Nuova-2027')).status).toBe(302);
    expect((await again.get(`${T}/admin`)).status).toBe(200);
    expect((await loginWithPassword(agentFor(ctx.app), 'dimostrativo', 'operatore', password)).status).toBe(401);

    const adminAccount = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: tenant.id, username: 'admin' } });
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'STAFF_PASSWORD_RESET', entityId: clerkAccount.id },
    });
    expect(audit).toMatchObject({ actorId: adminAccount.id, entityType: 'LocalAccount' });
    expect(audit.after).toMatchObject({ mustChangePassword: true });
    expect(JSON.stringify(audit)).not.toContain(password);
    expect(JSON.stringify(audit)).not.toMatch(/passwordHash|\$argon|\$2[aby]\$/);

    const self = await postFrom(admin, `${T}/admin/personale/${adminAccount.id}`, `${T}/admin/personale/${adminAccount.id}/password`);
    expect(self.status).toBe(409);
    expect(visibleText(self.text)).toContain('Per la tua password usa la pagina Cambio password.');
  });
});

describe('staff bound to a fiscal code', () => {
  it('an administrator sets the code in the staff form; that person logs in with SPID into the back office with their role', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const created = await postFrom(admin, `${T}/admin/personale/nuovo`, `${T}/admin/personale/nuovo`, {
      utente: 'g.spid',
      nome: 'Giulia Spid',
      ruolo: 'CASHIER',
      codiceFiscale: '',
    });
    expect(created.status).toBe(201);
    const account = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: tenant.id, username: 'g.spid' } });
    expect(account.fiscalCode).toBeNull();

    const code = aFiscalCode();
    const wrongCheck = `${code.slice(0, 15)}${code[15] === 'A' ? 'B' : 'A'}`;
    const page = `${T}/admin/personale/${account.id}`;
    const bad = await postFrom(admin, page, page, { nome: 'Giulia Spid', ruolo: 'CLERK', codiceFiscale: wrongCheck });
    expect(bad.status).toBe(422);
    expect(visibleText(bad.text)).toContain('Il codice fiscale non è valido: controlla le 16 lettere e cifre.');
    expect(bad.text).toContain(`value="${wrongCheck}"`);
    expect(await ctx.prisma.localAccount.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({
      fiscalCode: null,
      role: 'CASHIER',
    });

    const saved = await postFrom(admin, page, page, { nome: 'Giulia Spid', ruolo: 'CLERK', codiceFiscale: code.toLowerCase() });
    expect(saved.status).toBe(302);
    expect(await ctx.prisma.localAccount.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({
      fiscalCode: code,
      role: 'CLERK',
    });
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'STAFF_UPDATED', entityId: account.id },
    });
    expect(audit.after).toMatchObject({ fiscalCode: maskFiscalCode(code), role: 'CLERK' });

    const giulia = agentFor(ctx.app);
    const acs = await loginThroughDevIdp(giulia, 'dimostrativo', { fiscalCode: code });
    expect(acs.status).toBe(302);
    expect(acs.headers.location).toBe(`${T}/admin`);
    expect(await sessionAuthSetBy(ctx, acs)).toMatchObject({ via: 'SPID', role: 'CLERK', accountId: account.id, guardianIds: [] });
    const backOffice = await giulia.get(`${T}/admin`);
    expect(backOffice.status).toBe(200);
    expect((await giulia.get(`${T}/admin/anagrafica/alunni`)).status).toBe(200);
    expect((await giulia.get(`${T}/admin/personale`)).status).toBe(404); // a clerk, not an administrator
  });

  it('a disabled staff member can log in neither with the password nor with SPID, and their SPID session ends', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const code = aFiscalCode();
    const created = await postFrom(admin, `${T}/admin/personale/nuovo`, `${T}/admin/personale/nuovo`, {
      utente: 'm.bianchi',
      nome: 'Marco Bianchi',
      ruolo: 'CLERK',
      codiceFiscale: code,
    });
    expect(created.status).toBe(201);
    const password = temporaryPasswordOn(created.text);
    const account = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: tenant.id, username: 'm.bianchi' } });
    expect(account.fiscalCode).toBe(code);
    const marco = agentFor(ctx.app);
    expect((await loginThroughDevIdp(marco, 'dimostrativo', { fiscalCode: code })).status).toBe(302);
    expect((await marco.get(`${T}/admin`)).status).toBe(200);

    const off = await postFrom(admin, `${T}/admin/personale/${account.id}`, `${T}/admin/personale/${account.id}/disattiva`);
    expect(off.status).toBe(302);
    expect((await marco.get(`${T}/admin`)).status).toBe(302); // the SPID session ended too

    const spid = await loginThroughDevIdp(agentFor(ctx.app), 'dimostrativo', { fiscalCode: code });
    expect(spid.status).toBe(403);
    expect(await sessionAuthSetBy(ctx, spid)).toBeNull();
    expect((await loginWithPassword(agentFor(ctx.app), 'dimostrativo', 'm.bianchi', password)).status).toBe(401);
    const failures = await ctx.prisma.auditEvent.findMany({
      where: { tenantId: tenant.id, action: 'LOGIN_FAILED' },
      orderBy: { at: 'asc' },
    });
    expect(failures.map((event) => (event.details as { reason?: string }).reason)).toEqual(
      expect.arrayContaining(['NO_MATCH', 'DISABLED']),
    );
  });
});
