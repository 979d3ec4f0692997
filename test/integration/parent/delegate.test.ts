// A delegate (the grandmother of the Colombo family) sees and does what the intestatario does, except managing delegates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DELEGATE } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { anInvoice } from '../../helpers/builders.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let grandma: Agent;
let tenantId: string;
let matteo: { id: string; guardianId: string; badgeNumber: string };

const T = '/dimostrativo';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenantId = (await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } })).id;
  matteo = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Matteo', lastName: 'Colombo' } });
  grandma = agentFor(ctx.app);
  await loginAsCitizen(grandma, 'dimostrativo', DEMO_DELEGATE.fiscalCode);
});

afterAll(() => ctx?.close());

describe('a delegate', () => {
  it('has a home that speaks of the children she is delegate for, not of her own', async () => {
    const home = await grandma.get(`${T}/home`);
    const intro = /data-qa="home-intro">([^<]*)</.exec(home.text)![1];
    expect(intro).toBe('La situazione dei servizi scolastici dei minori per cui hai ricevuto la delega da Andrea Colombo.');
  });

  it("sees the family's pages", async () => {
    const invoice = await anInvoice(
      ctx.prisma,
      { tenantId, guardianId: matteo.guardianId, studentId: matteo.id },
      { number: '2026009001' },
    );
    const pages: [string, string][] = [
      [`${T}/home`, 'Matteo Colombo'],
      [`${T}/anagrafica`, matteo.badgeNumber],
      [`${T}/anagrafica?scheda=altre`, 'andrea.colombo@example.com'],
      [`${T}/anagrafica?scheda=servizi`, '2026/2027'],
      [`${T}/anagrafica?scheda=fascicolo`, 'Fascicolo'],
      [`${T}/documenti`, '2026009001'],
      [`${T}/documenti/${invoice.id}`, 'Refezione ottobre 2026 — 18 pasti × 4,50 €'],
      [`${T}/conto`, 'data-qa="wallet-balance"'],
      [`${T}/news`, 'data-qa="news-item"'],
      [`${T}/contatti`, 'data-qa="contact-form"'],
      [`${T}/dati-obbligatori`, 'Tutti i dati obbligatori sono presenti'],
      [`${T}/faq`, 'Delegati accesso'],
    ];
    for (const [url, text] of pages) {
      const res = await grandma.get(url);
      expect(res.status, url).toBe(200);
      expect(res.text, url).toContain(text);
    }
    const pdf = await download(grandma, `${T}/documenti/${invoice.id}/pdf`);
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain('2026009001');
    expect(text).toContain('81,00 €');
    expect(text).toContain('30/11/2026');
  });

  it('may update the family contact data, audited as a delegate', async () => {
    const res = await submitForm(grandma, `${T}/anagrafica?scheda=altre`, `${T}/anagrafica/contatti`, {
      alunno: matteo.id,
      email: 'colombo.famiglia@example.com',
      phone: '',
    });
    expect(res.status).toBe(302);
    const event = await ctx.prisma.auditEvent.findFirstOrThrow({ where: { tenantId, action: 'GUARDIAN_CONTACTS_UPDATED' } });
    expect(event.actorKind).toBe('DELEGATE');
  });

  it('cannot manage delegates: no link, and the pages answer 404', async () => {
    const home = await grandma.get(`${T}/home`);
    expect(home.text).not.toContain(`${T}/anagrafica/delegati`);
    expect((await grandma.get(`${T}/anagrafica?scheda=altre`)).text).not.toContain('data-qa="delegates-link"');
    expect((await grandma.get(`${T}/anagrafica/delegati`)).status).toBe(404);
    const token = csrfTokenFrom((await grandma.get(`${T}/contatti`)).text);
    const add = await grandma
      .post(`${T}/anagrafica/delegati`)
      .type('form')
      .send({ _csrf: token, codiceFiscale: DEMO_DELEGATE.fiscalCode, nome: 'Anna', cognome: 'Galli' });
    expect(add.status).toBe(404);
    const own = await ctx.prisma.delegate.findFirstOrThrow({ where: { tenantId, fiscalCode: DEMO_DELEGATE.fiscalCode } });
    const revoke = await grandma.post(`${T}/anagrafica/delegati/${own.id}/revoca`).type('form').send({ _csrf: token });
    expect(revoke.status).toBe(404);
    expect((await ctx.prisma.delegate.findUniqueOrThrow({ where: { id: own.id } })).revokedAt).toBeNull();
  });

  it("does not see other families' children", async () => {
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Luca', lastName: 'Rossi' } });
    expect((await grandma.get(`${T}/anagrafica?alunno=${luca.id}`)).status).toBe(404);
    expect((await grandma.get(`${T}/conto?alunno=${luca.id}`)).status).toBe(404);
    const lucaInvoice = await ctx.prisma.invoice.findFirstOrThrow({ where: { tenantId, studentId: luca.id } });
    expect((await grandma.get(`${T}/documenti/${lucaInvoice.id}`)).status).toBe(404);
  });

  it('loses access at once when the intestatario revokes the delegation', async () => {
    const andrea = await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: matteo.guardianId } });
    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'dimostrativo', andrea.fiscalCode);
    const list = await parent.get(`${T}/anagrafica/delegati`);
    expect(list.text).toContain('Galli Anna');
    const delegate = await ctx.prisma.delegate.findFirstOrThrow({ where: { tenantId, fiscalCode: DEMO_DELEGATE.fiscalCode } });
    const res = await submitForm(parent, `${T}/anagrafica/delegati`, `${T}/anagrafica/delegati/${delegate.id}/revoca`, {});
    expect(res.status).toBe(302);
    const after = await grandma.get(`${T}/home`);
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe(`${T}/accedi`);
    expect((await parent.get(`${T}/home`)).status).toBe(200);
  });
});
