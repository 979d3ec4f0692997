// The office reviews pratiche: every move of the state machine over HTTP (illegal ones refused, nothing changed),
// and what accepting writes per type — exactly those records, in one transaction, and nothing on a rejection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { aFiscalCode } from '../../helpers/builders.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';
import { enrollmentSteps, openWindow, P, postStep, startPratica, submitPratica } from './support.ts';

const A = '/dimostrativo/admin/pratiche';
let ctx: TestContext;
let parent: Agent;
let clerk: Agent;
let tenantId: string;
let guardianId: string;
let child: { id: string; schoolId: string };

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenantId = (await demoTenant(ctx.prisma, 'dimostrativo')).id;
  for (const type of ['ENROLLMENT', 'DIET', 'RESIDENCE', 'PAYMENT_METHOD', 'CERTIFICATE'] as const)
    await openWindow(ctx.prisma, tenantId, type);
  parent = agentFor(ctx.app);
  await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
  guardianId = (await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId, fiscalCode: DEMO_PARENT.fiscalCode } })).id;
  child = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, guardianId }, orderBy: { firstName: 'asc' } });
});

afterAll(() => ctx.close());

/** Files a pratica with these steps and submits it; gives its id. */
async function filed(slug: string, steps: Record<string, Record<string, string | string[]>>, studentId = '') {
  const id = await startPratica(parent, slug, studentId);
  for (const [step, fields] of Object.entries(steps)) expect((await postStep(parent, id, step, fields)).status, step).toBe(302);
  expect((await submitPratica(parent, id)).status).toBe(302);
  expect((await ctx.prisma.application.findUniqueOrThrow({ where: { id } })).state).toBe('SUBMITTED');
  return id;
}

async function clerkPost(id: string, action: 'istruttoria' | 'esito', fields: Record<string, string> = {}) {
  const page = await clerk.get(`${A}/${id}`);
  return clerk
    .post(`${A}/${id}/${action}`)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenFrom(page.text) });
}

const stateOf = async (id: string) => (await ctx.prisma.application.findUniqueOrThrow({ where: { id } })).state;

function newChildSteps() {
  const fiscalCode = aFiscalCode({ lastName: 'Rossi', firstName: 'Leo', birthDate: '2020-03-10', sex: 'M' });
  const steps = enrollmentSteps('', child.schoolId);
  return {
    fiscalCode,
    steps: {
      ...steps,
      alunno: {
        studentId: '',
        fiscalCode,
        firstName: 'Leo',
        lastName: 'Rossi',
        birthDate: '10/03/2020',
        birthPlace: 'Milano',
        birthProvince: 'MI',
        sex: 'M',
      },
    },
  };
}

describe('state transitions', () => {
  let id: string;

  it('a draft is not in the queue and not open to the clerk', async () => {
    const draft = await startPratica(parent, 'certificazione-mensa', child.id);
    expect((await clerk.get(`${A}/${draft}`)).status).toBe(404);
    expect((await clerk.get(A)).text).not.toContain(draft);
  });

  it('SUBMITTED → ACCEPTED directly is refused; SUBMITTED → IN_REVIEW works', async () => {
    id = await filed('certificazione-mensa', { richiesta: { studentId: child.id, year: '2025', note: '' } });
    expect(visibleText((await clerk.get(`${A}?stato=SUBMITTED`)).text)).toContain('Richiesta certificazione mensa');
    const early = await clerk
      .post(`${A}/${id}/esito`)
      .type('form')
      .send({ esito: 'ACCEPTED', _csrf: csrfTokenFrom((await clerk.get(A)).text) });
    expect(early.status).toBe(409);
    expect(early.text).toContain('La pratica è inviata: non può diventare accolta.');
    expect(await stateOf(id)).toBe('SUBMITTED');
    expect((await clerkPost(id, 'istruttoria')).status).toBe(302);
    expect(await stateOf(id)).toBe('IN_REVIEW');
    expect(await auditCount(ctx.prisma, tenantId, 'APPLICATION_IN_REVIEW')).toBe(1);
  });

  it('IN_REVIEW → IN_REVIEW again is refused', async () => {
    const again = await clerk
      .post(`${A}/${id}/istruttoria`)
      .type('form')
      .send({ _csrf: csrfTokenFrom((await clerk.get(A)).text) });
    expect(again.status).toBe(409);
  });

  it('IN_REVIEW → REJECTED needs a reason; with one, the family reads it', async () => {
    const bare = await clerkPost(id, 'esito', { esito: 'REJECTED', motivazione: '  ' });
    expect(bare.status).toBe(422);
    expect(bare.text).toContain('Scrivi il motivo per cui la pratica è respinta');
    expect(await stateOf(id)).toBe('IN_REVIEW');
    expect((await clerkPost(id, 'esito', { esito: 'REJECTED', motivazione: 'Nessun pagamento nel 2025.' })).status).toBe(302);
    expect(await ctx.prisma.application.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: 'REJECTED',
      outcomeNote: 'Nessun pagamento nel 2025.',
      decidedBy: expect.any(String),
    });
    const mine = visibleText((await parent.get(`${P}/mie`)).text);
    expect(mine).toContain('Respinta');
    expect(mine).toContain('Nessun pagamento nel 2025.');
  });

  it('a decided pratica moves no more (REJECTED → ACCEPTED, REJECTED → IN_REVIEW)', async () => {
    const token = csrfTokenFrom((await clerk.get(A)).text);
    expect((await clerk.post(`${A}/${id}/esito`).type('form').send({ esito: 'ACCEPTED', _csrf: token })).status).toBe(409);
    expect((await clerk.post(`${A}/${id}/istruttoria`).type('form').send({ _csrf: token })).status).toBe(409);
    expect(await stateOf(id)).toBe('REJECTED');
  });

  it('IN_REVIEW → ACCEPTED, then ACCEPTED → REJECTED is refused', async () => {
    const other = await filed('certificazione-mensa', { richiesta: { studentId: child.id, year: '2025', note: '' } });
    await clerkPost(other, 'istruttoria');
    expect((await clerkPost(other, 'esito', { esito: 'ACCEPTED' })).status).toBe(302);
    expect(await stateOf(other)).toBe('ACCEPTED');
    const token = csrfTokenFrom((await clerk.get(A)).text);
    expect(
      (await clerk.post(`${A}/${other}/esito`).type('form').send({ esito: 'REJECTED', motivazione: 'ripensamento', _csrf: token })).status,
    ).toBe(409);
    expect(await stateOf(other)).toBe('ACCEPTED');
  });
});

describe('accepting an enrollment', () => {
  const counts = async () => ({
    students: await ctx.prisma.student.count({ where: { tenantId } }),
    enrollments: await ctx.prisma.enrollment.count({ where: { tenantId } }),
    mandates: await ctx.prisma.sddMandate.count({ where: { tenantId } }),
  });

  it('a rejection writes nothing', async () => {
    const { steps } = newChildSteps();
    const id = await filed('iscrizione-mensa', steps);
    const before = await counts();
    await clerkPost(id, 'istruttoria');
    await clerkPost(id, 'esito', { esito: 'REJECTED', motivazione: 'Documentazione incompleta.' });
    expect(await counts()).toEqual(before);
  });

  it('for a new child creates exactly the child and the enrollment, audited', async () => {
    const { steps, fiscalCode } = newChildSteps();
    const id = await filed('iscrizione-mensa', steps);
    const before = await counts();
    await clerkPost(id, 'istruttoria');
    const accepted = await clerkPost(id, 'esito', { esito: 'ACCEPTED' });
    expect(accepted.status, visibleText(accepted.text).slice(0, 500)).toBe(302);
    expect(await counts()).toEqual({ ...before, students: before.students + 1, enrollments: before.enrollments + 1 });
    const student = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, fiscalCode }, include: { enrollments: true } });
    expect(student).toMatchObject({ guardianId, firstName: 'Leo', lastName: 'Rossi', schoolId: child.schoolId });
    expect(student.enrollments).toHaveLength(1);
    expect(student.enrollments[0]).toMatchObject({ schoolYear: '2026/2027', mealWeekdays: [1, 3], dietCode: null, iseeCents: null });
    expect(await ctx.prisma.application.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'ACCEPTED', studentId: student.id });
    for (const action of ['STUDENT_CREATED', 'ENROLLMENT_CREATED', 'APPLICATION_ACCEPTED']) {
      expect(
        await ctx.prisma.auditEvent.count({ where: { tenantId, action, at: { gte: new Date(Date.now() - 60_000) } } }),
        action,
      ).toBeGreaterThan(0);
    }
    expect(visibleText((await parent.get(`${P}/mie`)).text)).toContain('Accolta');
  });

  it('a child already enrolled that year is refused on the page, nothing decided', async () => {
    const id = await filed('iscrizione-mensa', enrollmentSteps(child.id, child.schoolId), child.id);
    const before = await counts();
    await clerkPost(id, 'istruttoria');
    const refused = await clerkPost(id, 'esito', { esito: 'ACCEPTED' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('già iscritto');
    expect(await counts()).toEqual(before);
    expect(await stateOf(id)).toBe('IN_REVIEW');
  });
});

describe('accepting the other types', () => {
  it('a diet sets the diet on the child’s running enrollments', async () => {
    const id = await filed(
      'dieta-speciale',
      { alunno: { studentId: child.id }, dieta: { dietKind: 'ETHICAL', dietCode: 'VEGETARIANA', dietNote: 'niente carne' } },
      child.id,
    );
    await clerkPost(id, 'istruttoria');
    expect((await clerkPost(id, 'esito', { esito: 'ACCEPTED' })).status).toBe(302);
    const running = await ctx.prisma.enrollment.findMany({ where: { tenantId, studentId: child.id, state: 'ACTIVE' } });
    expect(running.length).toBeGreaterThan(0);
    for (const e of running) expect(e).toMatchObject({ dietCode: 'VEGETARIANA', dietNote: 'niente carne' });
  });

  it('a residence change updates the intestatario’s address', async () => {
    const id = await filed('cambio-residenza', {
      indirizzo: {
        residenceStreet: 'Via Nuova 7',
        residenceZip: '24040',
        residenceCity: 'Calvenzano',
        residenceProv: 'bg',
        movedOn: '01/11/2026',
      },
    });
    await clerkPost(id, 'istruttoria');
    expect((await clerkPost(id, 'esito', { esito: 'ACCEPTED' })).status).toBe(302);
    expect(await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardianId } })).toMatchObject({
      residenceStreet: 'Via Nuova 7',
      residenceZip: '24040',
      residenceCity: 'Calvenzano',
      residenceProv: 'BG',
    });
  });

  it('a change to SDD signs the SEPA mandate; back to pagoPA revokes it', async () => {
    const iban = 'IT60X0542811101000000123456';
    const toSdd = await filed('modalita-pagamento', { pagamento: { paymentMethod: 'SDD', iban, debtorName: '' } });
    await clerkPost(toSdd, 'istruttoria');
    expect((await clerkPost(toSdd, 'esito', { esito: 'ACCEPTED' })).status).toBe(302);
    const mandate = await ctx.prisma.sddMandate.findFirstOrThrow({ where: { tenantId, guardianId, revokedAt: null } });
    const protocol = (await ctx.prisma.application.findUniqueOrThrow({ where: { id: toSdd } })).protocolNumber;
    expect(mandate).toMatchObject({
      iban,
      reference: `PRATICA ${protocol}`,
      debtorName: `${DEMO_PARENT.firstName} ${DEMO_PARENT.lastName}`,
    });
    expect(await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardianId } })).toMatchObject({ paymentMethod: 'SDD', iban });
    const toPagoPa = await filed('modalita-pagamento', { pagamento: { paymentMethod: 'PAGOPA', iban: '', debtorName: '' } });
    await clerkPost(toPagoPa, 'istruttoria');
    await clerkPost(toPagoPa, 'esito', { esito: 'ACCEPTED' });
    expect(await ctx.prisma.sddMandate.count({ where: { tenantId, guardianId, revokedAt: null } })).toBe(0);
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardianId } })).paymentMethod).toBe('PAGOPA');
  });
});

describe('protocol numbers', () => {
  it('are gap-free and unique when many families submit at once', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => startPratica(parent, 'certificazione-mensa', child.id)));
    for (const id of ids) await postStep(parent, id, 'richiesta', { studentId: child.id, year: '2025', note: '' });
    await Promise.all(ids.map((id) => submitPratica(parent, id)));
    const numbers = (
      await ctx.prisma.application.findMany({ where: { tenantId, protocolNumber: { not: null } }, select: { protocolNumber: true } })
    )
      .map((a) => Number(a.protocolNumber!.slice(5)))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });
});
