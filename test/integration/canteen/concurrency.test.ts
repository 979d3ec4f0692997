// Parents cancelling at the same instant: every cancellation is stored exactly once, or the parent is told
// that nothing was saved. Never a 500, never a cancellation answered "done" and then missing.
import { describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { aCanteenComune } from './fixture.ts';

// Wednesday 18 November 2026, 08:30 in Rome: before the 09:00 cutoff.
const ctx = useTestContext({ now: '2026-11-18T07:30:00Z' });

const SERVICE_DAYS = ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23', '2026-11-24'];

async function parentsOf(children: number) {
  const comune = await aCanteenComune(ctx.prisma);
  const parents: { agent: Agent; student: { id: string }; token: string }[] = [];
  for (let i = 0; i < children; i++) {
    const { guardian, student } = await comune.aChild();
    const agent = agentFor(ctx.app);
    await loginAsCitizen(agent, comune.tenant.slug, guardian.fiscalCode);
    const page = await agent.get(`/${comune.tenant.slug}/refezione?alunno=${student.id}`);
    parents.push({ agent, student, token: csrfTokenFrom(page.text) });
  }
  return { comune, parents };
}

const cancel = (slug: string, parent: { agent: Agent; student: { id: string }; token: string }, day: string) =>
  parent.agent
    .post(`/${slug}/refezione/giorno`)
    .type('form')
    .send({ _csrf: parent.token, alunno: parent.student.id, data: day, azione: 'CANCEL' });

describe('meal cancellations at the same instant', () => {
  it('8 parents cancel the same day at once, on 5 days: every cancellation stored and audited exactly once', async () => {
    const { comune, parents } = await parentsOf(8);
    for (const day of SERVICE_DAYS) {
      const answers = await Promise.all(parents.map((parent) => cancel(comune.tenant.slug, parent, day)));
      expect(answers.map((a) => a.status)).toEqual(parents.map(() => 303));
      const stored = await ctx.prisma.booking.findMany({ where: { tenantId: comune.tenant.id, date: toDbDate(day) } });
      expect(stored.map((b) => b.studentId).sort()).toEqual(parents.map((p) => p.student.id).sort());
      expect(stored.every((b) => b.status === 'ABSENT')).toBe(true);
    }
    const audited = await ctx.prisma.auditEvent.findMany({ where: { tenantId: comune.tenant.id, action: 'CANTEEN_DAY_CANCEL' } });
    expect(audited).toHaveLength(parents.length * SERVICE_DAYS.length);
  }, 120_000);

  it('a cancellation that still conflicts after the retries says that nothing was saved, not a 500', async () => {
    const { comune, parents } = await parentsOf(1);
    await ctx.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_booking_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'forced conflict' USING ERRCODE = 'serialization_failure';
      END $$`);
    await ctx.prisma.$executeRawUnsafe(
      'CREATE TRIGGER fail_booking_write BEFORE INSERT OR UPDATE ON "Booking" FOR EACH ROW EXECUTE FUNCTION fail_booking_write()',
    );
    try {
      const answer = await cancel(comune.tenant.slug, parents[0], '2026-11-19');
      expect(answer.status).toBe(409);
      expect(answer.text).toContain('Operazione non salvata per un accesso contemporaneo ai dati: non è stato registrato nulla. Riprova.');
    } finally {
      await ctx.prisma.$executeRawUnsafe('DROP TRIGGER fail_booking_write ON "Booking"');
    }
    expect(await ctx.prisma.booking.count({ where: { tenantId: comune.tenant.id } })).toBe(0);
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: comune.tenant.id, action: 'CANTEEN_DAY_CANCEL' } })).toBe(0);
  });
});
