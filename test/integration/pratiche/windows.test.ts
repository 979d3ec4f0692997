// The clerk opens each pratica type for a period; outside it nothing can be started or submitted, and the
// privacy notice is accepted before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';
import { P, postStep, startPratica, submitPratica } from './support.ts';

const W = '/dimostrativo/admin/pratiche/finestre';
let ctx: TestContext;
let clerk: Agent;
let parent: Agent;
let tenantId: string;
let childId: string;

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenantId = (await demoTenant(ctx.prisma, 'dimostrativo')).id;
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
  parent = agentFor(ctx.app);
  await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  childId = (await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, guardian: { fiscalCode: DEMO_PARENT.fiscalCode } } })).id;
});

afterAll(() => ctx.close());

async function openWindowForm(fields: Record<string, string>) {
  const page = await clerk.get(W);
  return clerk
    .post(W)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenFrom(page.text) });
}

describe('the clerk', () => {
  it('refuses a window that ends before it opens, or an enrollment window without its school year', async () => {
    const backwards = await openWindowForm({ type: 'CERTIFICATE', opensOn: '30/11/2026', closesOn: '01/11/2026' });
    expect(backwards.status).toBe(422);
    expect(backwards.text).toContain('L&#39;ultimo giorno non può precedere il primo.');
    const noYear = await openWindowForm({ type: 'ENROLLMENT', schoolYear: '', opensOn: '01/05/2027', closesOn: '30/06/2027' });
    expect(noYear.status).toBe(422);
    expect(noYear.text).toContain('indica l&#39;anno scolastico');
    expect(noYear.text).toContain('01/05/2027');
    expect(await ctx.prisma.applicationWindow.count({ where: { tenantId } })).toBe(0);
  });

  it('opens enrollment for A.S. 2027/2028 from 1 May to 30 June: the family sees it closed with those dates', async () => {
    expect(
      (await openWindowForm({ type: 'ENROLLMENT', schoolYear: '2027/2028', opensOn: '01/05/2027', closesOn: '30/06/2027' })).status,
    ).toBe(302);
    expect(await auditCount(ctx.prisma, tenantId, 'APPLICATION_WINDOW_OPENED')).toBe(1);
    const text = visibleText((await parent.get(`${P}/servizio/iscrizione-mensa`)).text);
    expect(text).toContain('Chiusa si potrà presentare dal 01/05/2027 al 30/06/2027.');
    expect(text).not.toContain('Avvia pratica');
  });

  it('a cashier reaches neither the queue nor the windows', async () => {
    const cashier = await staffAgent(ctx, 'dimostrativo', 'cassa');
    expect((await cashier.get(W)).status).toBe(404);
    expect((await cashier.get('/dimostrativo/admin/pratiche')).status).toBe(404);
  });
});

describe('the family', () => {
  let id: string;

  it('cannot submit before accepting the privacy notice', async () => {
    expect((await openWindowForm({ type: 'CERTIFICATE', opensOn: '01/11/2026', closesOn: '20/11/2026' })).status).toBe(302);
    const service = await parent.get(`${P}/servizio/certificazione-mensa`);
    const started = await parent
      .post(`${P}/servizio/certificazione-mensa/avvia`)
      .type('form')
      .send({ alunno: childId, _csrf: csrfTokenFrom(service.text) });
    id = /pratiche\/([0-9a-f-]{36})\/privacy/.exec(started.headers.location)![1];
    const privacy = await parent.get(`${P}/${id}/privacy`);
    const refused = await parent
      .post(`${P}/${id}/privacy`)
      .type('form')
      .send({ _csrf: csrfTokenFrom(privacy.text) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('conferma di aver letto l&#39;informativa privacy');
    await postStep(parent, id, 'richiesta', { studentId: childId, year: '2025', note: '' });
    expect((await submitPratica(parent, id)).headers.location).toBe(`${P}/${id}/privacy`);
    expect((await ctx.prisma.application.findUniqueOrThrow({ where: { id } })).state).toBe('DRAFT');
  });

  it('cannot submit once the window has closed; the draft stays', async () => {
    const other = await startPratica(parent, 'certificazione-mensa', childId);
    await postStep(parent, other, 'richiesta', { studentId: childId, year: '2025', note: '' });
    // the clerk ends the period early: it closed yesterday
    await ctx.prisma.applicationWindow.updateMany({ where: { tenantId, type: 'CERTIFICATE' }, data: { closesOn: new Date('2026-11-17') } });
    const response = await submitPratica(parent, other);
    expect(response.status).toBe(302);
    const page = visibleText((await parent.get(response.headers.location)).text);
    expect(page).toContain('La pratica non è aperta in questo periodo');
    expect((await ctx.prisma.application.findUniqueOrThrow({ where: { id: other } })).state).toBe('DRAFT');
    expect(await ctx.prisma.applicationSequence.count({ where: { tenantId } })).toBe(0);
  });
});
