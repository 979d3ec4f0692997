// The family hears of its pratica: submitted, accepted, rejected (with the clerk's reason), by e-mail to the
// intestatario with the protocol number; never to a delegate, never with what a diet pratica asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DELEGATE, DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { demoTenant, staffAgent } from '../admin-canteen/support.ts';
import { sendWaiting } from '../notifications/helpers.ts';
import { openWindow, postStep, startPratica, submitPratica } from './support.ts';

const A = '/dimostrativo/admin/pratiche';
let ctx: TestContext;
let clerk: Agent;
let tenantId: string;
let guardian: { id: string; email: string | null };
let child: { id: string };

beforeAll(async () => {
  ctx = await createTestContext({ demo: true, listen: true });
  tenantId = (await demoTenant(ctx.prisma, 'dimostrativo')).id;
  for (const type of ['DIET', 'CERTIFICATE'] as const) await openWindow(ctx.prisma, tenantId, type);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
  guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId, fiscalCode: DEMO_PARENT.fiscalCode } });
  child = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, guardianId: guardian.id }, orderBy: { firstName: 'asc' } });
});

afterAll(() => ctx.close());

async function citizen(fiscalCode: string) {
  const agent = agentFor(ctx.app);
  await loginAsCitizen(agent, 'dimostrativo', fiscalCode);
  return agent;
}

async function filed(agent: Agent, slug: string, steps: Record<string, Record<string, string>>, studentId = child.id) {
  const id = await startPratica(agent, slug, studentId);
  for (const [step, fields] of Object.entries(steps)) expect((await postStep(agent, id, step, fields)).status, step).toBe(302);
  expect((await submitPratica(agent, id)).status).toBe(302);
  return ctx.prisma.application.findUniqueOrThrow({ where: { id } });
}

async function decided(id: string, fields: Record<string, string>) {
  const page = await clerk.get(`${A}/${id}`);
  expect(
    (
      await clerk
        .post(`${A}/${id}/istruttoria`)
        .type('form')
        .send({ _csrf: csrfTokenFrom(page.text) })
    ).status,
  ).toBe(302);
  const again = await clerk.get(`${A}/${id}`);
  expect(
    (
      await clerk
        .post(`${A}/${id}/esito`)
        .type('form')
        .send({ ...fields, _csrf: csrfTokenFrom(again.text) })
    ).status,
  ).toBe(302);
}

const mailsAbout = (protocol: string, email = guardian.email!) => ctx.mail.to(email).filter((m) => m.parsed.subject?.includes(protocol));
const certificate = { richiesta: { studentId: '', year: '2025', note: '' } };

describe('pratica notifications', () => {
  it('submitted then accepted: two e-mails to the intestatario with the protocol number', async () => {
    const parent = await citizen(DEMO_PARENT.fiscalCode);
    const pratica = await filed(parent, 'certificazione-mensa', { richiesta: { ...certificate.richiesta, studentId: child.id } });
    await sendWaiting(ctx);
    const [submitted] = mailsAbout(pratica.protocolNumber!);
    expect(submitted.parsed.subject).toContain(`pratica n. ${pratica.protocolNumber} ricevuta`);
    expect(submitted.parsed.text).toContain('Richiesta certificazione mensa');

    await decided(pratica.id, { esito: 'ACCEPTED' });
    await sendWaiting(ctx);
    const subjects = mailsAbout(pratica.protocolNumber!).map((m) => m.parsed.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects[1]).toContain(`pratica n. ${pratica.protocolNumber} accolta`);
    // a second dispatch sends nothing again
    await sendWaiting(ctx);
    expect(mailsAbout(pratica.protocolNumber!)).toHaveLength(2);
  });

  it('submitted by a delegate, then rejected: the intestatario reads the reason, the delegate gets nothing', async () => {
    const link = await ctx.prisma.delegate.findFirstOrThrow({
      where: { tenantId, fiscalCode: DEMO_DELEGATE.fiscalCode },
      include: { guardian: true },
    });
    const grandchild = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, guardianId: link.guardianId } });
    const delegate = await citizen(DEMO_DELEGATE.fiscalCode);
    const pratica = await filed(
      delegate,
      'certificazione-mensa',
      { richiesta: { ...certificate.richiesta, studentId: grandchild.id } },
      grandchild.id,
    );
    expect(pratica.guardianId).toBe(link.guardianId);
    await decided(pratica.id, { esito: 'REJECTED', motivazione: 'Nessun pagamento registrato nel 2025.' });
    await sendWaiting(ctx);
    const mails = mailsAbout(pratica.protocolNumber!, link.guardian.email!);
    // both sent by the same dispatch: in either order
    expect(mails.map((m) => m.parsed.subject).sort()).toEqual([
      `Comune Dimostrativo: pratica n. ${pratica.protocolNumber} respinta`,
      `Comune Dimostrativo: pratica n. ${pratica.protocolNumber} ricevuta`,
    ]);
    const rejected = mails.find((m) => m.parsed.subject?.endsWith('respinta'))!;
    expect(rejected.parsed.text).toContain('«Nessun pagamento registrato nel 2025.»');
    expect(ctx.mail.to(DEMO_DELEGATE.email)).toEqual([]);
  });

  it('a diet pratica’s message names the type and protocol, never the diet', async () => {
    const parent = await citizen(DEMO_PARENT.fiscalCode);
    const pratica = await filed(parent, 'dieta-speciale', {
      alunno: { studentId: child.id },
      dieta: { dietKind: 'ETHICAL', dietCode: 'VEGETARIANA', dietNote: 'niente carne di maiale' },
    });
    await decided(pratica.id, { esito: 'ACCEPTED' });
    await sendWaiting(ctx);
    const mails = mailsAbout(pratica.protocolNumber!);
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      expect(mail.parsed.text).toContain('Dieta speciale');
      expect(mail.parsed.text).not.toMatch(/vegetarian|maiale|ETHICAL/i);
      expect(String(mail.parsed.html)).not.toMatch(/vegetarian|maiale/i);
    }
  });
});
