// A parent's or a clerk's write that keeps losing serialization conflicts, however many times it is retried:
// the person reads that nothing was saved and may try again; never a 500, never half a change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { toDbDate } from '../../../src/domain/dates.ts';
import { agentFor, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { demoSchools, demoTenant, staffAgent } from '../admin-canteen/support.ts';

const ctx = useTestContext({ demo: true });
const T = '/dimostrativo';
const NOT_SAVED = 'Operazione non salvata per un accesso contemporaneo ai dati: non è stato registrato nulla. Riprova.';

let parent: Agent;
let clerk: Agent;

// Every write of a parent or a clerk is audited in its own transaction: failing the audit row with a real
// serialization failure (SQLSTATE 40001) makes every attempt of every such write conflict.
beforeAll(async () => {
  parent = agentFor(ctx.app);
  await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
  await ctx.prisma.$executeRawUnsafe(`
    CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'forced conflict' USING ERRCODE = 'serialization_failure';
    END $$`);
  await ctx.prisma.$executeRawUnsafe('CREATE TRIGGER fail_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION fail_audit()');
});

afterAll(async () => {
  await ctx.prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS fail_audit ON "AuditEvent"');
});

describe('a write that keeps conflicting', () => {
  it('a parent changing the family contacts reads that nothing was saved', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
    const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode: DEMO_PARENT.fiscalCode } });
    const res = await submitForm(parent, `${T}/anagrafica?scheda=altre`, `${T}/anagrafica/contatti`, {
      alunno: luca.id,
      email: 'nuova.mail@example.com',
      phone: '',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain(NOT_SAVED);
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).email).toBe(guardian.email);
  });

  it('a clerk adding a closure reads that nothing was saved', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const { primary } = await demoSchools(ctx.prisma, tenant.id);
    const calendar = `${T}/admin/refezione/scuole/${primary.id}/calendario`;
    const res = await submitForm(clerk, calendar, `${calendar}/chiusura-straordinaria`, {
      schoolYear: '2026/2027',
      extraDate: '20/11/2026',
      extraReason: 'Sciopero',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain(NOT_SAVED);
    expect(await ctx.prisma.closureDay.count({ where: { tenantId: tenant.id, date: toDbDate('2026-11-20') } })).toBe(0);
  });
});
