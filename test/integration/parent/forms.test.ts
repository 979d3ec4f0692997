// Every write of the parent area: valid input is saved and audited; bad input gets an Italian error on the
// same page with the typed values kept, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFiscalCode } from '../../../src/domain/fiscal-code.ts';
import { DEMO_COMPANY, DEMO_PARENT, DEMO_PASSWORD } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, loginWithPassword, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let parent: Agent;
let tenantId: string;
let guardianId: string;
let luca: { id: string };

const T = '/dimostrativo';
const GRANDPA = buildFiscalCode({ firstName: 'Giovanni', lastName: 'Rossi', birthDate: '1950-01-20', sex: 'M', cadastralCode: 'F205' });

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenantId = (await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } })).id;
  const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId, fiscalCode: DEMO_PARENT.fiscalCode } });
  guardianId = guardian.id;
  luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Luca', lastName: 'Rossi' } });
  parent = agentFor(ctx.app);
  await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
});

afterAll(() => ctx?.close());

const audits = (action: string) => ctx.prisma.auditEvent.findMany({ where: { tenantId, action } });

describe('contact data (e-mail and phone)', () => {
  const page = () => `${T}/anagrafica?alunno=${luca.id}&scheda=altre`;

  it('refuses a bad e-mail and phone in Italian, keeps them, changes nothing', async () => {
    const res = await submitForm(parent, page(), `${T}/anagrafica/contatti`, { alunno: luca.id, email: 'maria.rossi@', phone: 'chiamami' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-qa="error-summary"');
    expect(res.text).toContain('Inserisci un indirizzo e-mail valido');
    expect(res.text).toContain('Inserisci un numero di telefono valido');
    expect(res.text).toContain('href="#email"');
    expect(res.text).toContain('value="maria.rossi@"');
    expect(res.text).toContain('value="chiamami"');
    const guardian = await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardianId } });
    expect(guardian.email).toBe('maria.rossi@example.com');
    expect(await audits('GUARDIAN_CONTACTS_UPDATED')).toHaveLength(0);
  });

  it('saves new contact data and audits the change', async () => {
    const res = await submitForm(parent, page(), `${T}/anagrafica/contatti`, {
      alunno: luca.id,
      email: 'maria.rossi@posta.example.it',
      phone: '+39 333 7654321',
    });
    expect(res.status).toBe(302);
    const after = await parent.get(res.headers.location);
    expect(after.text).toContain('Recapiti aggiornati.');
    expect(after.text).toContain('maria.rossi@posta.example.it');
    const guardian = await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardianId } });
    expect(guardian).toMatchObject({ email: 'maria.rossi@posta.example.it', phone: '+39 333 7654321' });
    const [event] = await audits('GUARDIAN_CONTACTS_UPDATED');
    expect(event).toMatchObject({ actorKind: 'PARENT', entityId: guardianId });
  });

  it('refuses a post without the CSRF token', async () => {
    const res = await parent.post(`${T}/anagrafica/contatti`).type('form').send({ alunno: luca.id, email: 'x@example.com', phone: '' });
    expect(res.status).toBe(403);
  });

  it("answers 404 for another family's child", async () => {
    const matteo = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Matteo' } });
    const res = await submitForm(parent, page(), `${T}/anagrafica/contatti`, { alunno: matteo.id, email: 'x@example.com', phone: '' });
    expect(res.status).toBe(404);
  });
});

describe('segnala dati errati', () => {
  it('needs a description, then sends a DATA_ERROR message to the office', async () => {
    const bad = await submitForm(parent, `${T}/anagrafica?alunno=${luca.id}`, `${T}/anagrafica/segnala`, {
      alunno: luca.id,
      sezione: 'generali',
      messaggio: 'errato',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Descrivi quali dati sono errati');
    expect(bad.text).toContain('>errato</textarea>');
    expect(await ctx.prisma.contactMessage.count({ where: { tenantId, kind: 'DATA_ERROR' } })).toBe(0);

    const ok = await submitForm(parent, `${T}/anagrafica?alunno=${luca.id}`, `${T}/anagrafica/segnala`, {
      alunno: luca.id,
      sezione: 'generali',
      messaggio: 'Il luogo di nascita è Monza, non Milano.',
    });
    expect(ok.status).toBe(302);
    expect((await parent.get(ok.headers.location)).text).toContain('Segnalazione inviata all&#39;ufficio');
    const message = await ctx.prisma.contactMessage.findFirstOrThrow({ where: { tenantId, kind: 'DATA_ERROR' } });
    expect(message).toMatchObject({ studentId: luca.id, guardianId, body: 'Il luogo di nascita è Monza, non Milano.' });
    expect(message.subject).toContain('Dati generali');
    expect(await audits('DATA_ERROR_REPORTED')).toHaveLength(1);
  });
});

describe('delegati accesso', () => {
  const page = `${T}/anagrafica/delegati`;

  it('refuses a fiscal code with a bad format or a wrong check character, keeping the input', async () => {
    const format = await submitForm(parent, page, page, { codiceFiscale: 'RSSGNN50', nome: 'Giovanni', cognome: 'Rossi' });
    expect(format.status).toBe(422);
    expect(format.text).toContain('Il codice fiscale deve avere 16 caratteri');
    expect(format.text).toContain('value="Giovanni"');
    const wrongCheck = GRANDPA.slice(0, 15) + (GRANDPA[15] === 'A' ? 'B' : 'A');
    const check = await submitForm(parent, page, page, { codiceFiscale: wrongCheck, nome: 'Giovanni', cognome: '' });
    expect(check.status).toBe(422);
    expect(check.text).toContain('Il codice fiscale non è valido');
    expect(check.text).toContain('Inserisci il cognome del delegato.');
    expect(await ctx.prisma.delegate.count({ where: { tenantId, guardianId } })).toBe(0);
  });

  it('adds a delegate (audited), refuses the same one twice, then revokes it', async () => {
    const added = await submitForm(parent, page, page, { codiceFiscale: GRANDPA.toLowerCase(), nome: 'Giovanni', cognome: 'Rossi' });
    expect(added.status).toBe(302);
    const list = await parent.get(page);
    expect(list.text).toContain('Giovanni Rossi è ora delegato');
    expect(list.text).toContain(GRANDPA);
    const delegate = await ctx.prisma.delegate.findFirstOrThrow({ where: { tenantId, guardianId, fiscalCode: GRANDPA } });
    expect(await audits('DELEGATE_ADDED')).toHaveLength(1);

    const twice = await submitForm(parent, page, page, { codiceFiscale: GRANDPA, nome: 'Giovanni', cognome: 'Rossi' });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('è già tra i tuoi delegati');

    const self = await submitForm(parent, page, page, { codiceFiscale: DEMO_PARENT.fiscalCode, nome: 'Maria', cognome: 'Rossi' });
    expect(self.text).toContain('Non puoi delegare te stesso');

    const revoked = await submitForm(parent, page, `${page}/${delegate.id}/revoca`, {});
    expect(revoked.status).toBe(302);
    expect((await ctx.prisma.delegate.findUniqueOrThrow({ where: { id: delegate.id } })).revokedAt).not.toBeNull();
    expect(await audits('DELEGATE_REVOKED')).toHaveLength(1);
    expect((await parent.get(page)).text).toContain('Non hai delegati');
  });

  it("answers 404 when revoking another family's delegate", async () => {
    const foreign = await ctx.prisma.delegate.findFirstOrThrow({ where: { tenantId, NOT: { guardianId } } });
    const res = await submitForm(parent, page, `${page}/${foreign.id}/revoca`, {});
    expect(res.status).toBe(404);
    expect((await ctx.prisma.delegate.findUniqueOrThrow({ where: { id: foreign.id } })).revokedAt).toBeNull();
  });
});

describe('dati obbligatori', () => {
  it('shows what is missing, fills it with "Clicca qui" and returns the parent where they were', async () => {
    const romano = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId, lastName: 'Romano' } });
    const agent = agentFor(ctx.app);
    await loginAsCitizen(agent, 'dimostrativo', romano.fiscalCode);
    const home = await agent.get(`${T}/home`);
    expect(home.text).toContain('data-qa="required-data-warning"');
    expect(home.text).toContain(`${T}/dati-obbligatori?ritorno=${encodeURIComponent(`${T}/home`)}`);

    const form = `${T}/dati-obbligatori?ritorno=${encodeURIComponent(`${T}/pagamenti`)}`;
    const page = await agent.get(form);
    expect(page.text).toContain('Indirizzo e-mail di Marco Romano');
    expect(page.text).toContain('Clicca qui');
    const field = `email_${romano.id}`;
    const bad = await submitForm(agent, form, `${T}/dati-obbligatori`, { ritorno: `${T}/pagamenti`, [field]: 'marco.romano' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Inserisci un indirizzo e-mail valido');
    expect(bad.text).toContain('value="marco.romano"');
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: romano.id } })).email).toBeNull();

    const ok = await submitForm(agent, form, `${T}/dati-obbligatori`, { ritorno: `${T}/pagamenti`, [field]: 'marco.romano@example.com' });
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe(`${T}/pagamenti`);
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: romano.id } })).email).toBe('marco.romano@example.com');
    expect(await audits('REQUIRED_DATA_COMPLETED')).toHaveLength(1);
    expect((await agent.get(form)).text).toContain('Tutti i dati obbligatori sono presenti');
  });

  it('never sends the parent to another site or another Comune', async () => {
    for (const ritorno of ['https://evil.example/x', '//evil.example/x', '/borgoverde/home', '/dimostrativo\\@evil']) {
      const page = await parent.get(`${T}/dati-obbligatori?ritorno=${encodeURIComponent(ritorno)}`);
      expect(page.text).toContain(`href="${T}/home"`);
      expect(page.text).not.toContain('evil.example');
    }
  });
});

describe('contattaci and the clerks inbox', () => {
  it('refuses an empty message, then stores one, confirms it and lists it for clerks who mark it handled', async () => {
    const bad = await submitForm(parent, `${T}/contatti`, `${T}/contatti`, {
      alunno: '',
      oggetto: 'Menù',
      messaggio: '',
      email: 'maria.rossi@example.com',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Scrivi il messaggio');
    expect(bad.text).toContain('value="Menù"');
    expect(await ctx.prisma.contactMessage.count({ where: { tenantId, kind: 'CONTACT' } })).toBe(0);

    const ok = await submitForm(parent, `${T}/contatti`, `${T}/contatti`, {
      alunno: luca.id,
      oggetto: 'Menù del venerdì',
      messaggio: 'Vorrei sapere se il venerdì è previsto il pesce.',
      email: 'maria.rossi@example.com',
    });
    expect(ok.status).toBe(302);
    const confirmation = await parent.get(ok.headers.location);
    expect(confirmation.text).toContain('Messaggio inviato all&#39;ufficio');
    expect(confirmation.text).toContain('Menù del venerdì');
    expect(confirmation.text).toContain('In attesa di risposta');
    const message = await ctx.prisma.contactMessage.findFirstOrThrow({ where: { tenantId, kind: 'CONTACT' } });
    expect(await audits('CONTACT_MESSAGE_SENT')).toHaveLength(1);

    expect((await parent.get(`${T}/admin/messaggi`)).status).toBe(404);
    const clerk = agentFor(ctx.app);
    await loginWithPassword(clerk, 'dimostrativo', 'operatore', DEMO_PASSWORD);
    const inbox = await clerk.get(`${T}/admin/messaggi`);
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain('Menù del venerdì');
    const thread = await clerk.get(`${T}/admin/messaggi/${message.id}`);
    expect(thread.status).toBe(200);
    expect(thread.text).toContain('Vorrei sapere se il venerdì è previsto il pesce.');
    const closed = await clerk
      .post(`${T}/admin/messaggi/${message.id}/stato`)
      .type('form')
      .send({ stato: 'CLOSED', _csrf: csrfTokenFrom(thread.text) });
    expect(closed.status).toBe(302);
    expect((await ctx.prisma.contactMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('CLOSED');
    expect(await audits('CONTACT_STATUS_CHANGED')).toHaveLength(1);
    expect((await parent.get(`${T}/contatti`)).text).toContain('Chiuso dall&#39;ufficio');

    const other = await clerk
      .post(`${T}/admin/messaggi/00000000-0000-7000-8000-000000000000/stato`)
      .type('form')
      .send({ stato: 'CLOSED', _csrf: csrfTokenFrom(inbox.text) });
    expect(other.status).toBe(404);
  });
});

describe('a company account', () => {
  it("a company's home speaks of the pupils it is intestatario of, not of its children", async () => {
    const company = agentFor(ctx.app);
    await loginWithPassword(company, 'dimostrativo', DEMO_COMPANY.vatNumber, DEMO_PASSWORD);
    const home = await company.get(`${T}/home`);
    expect(/data-qa="home-intro">([^<]*)</.exec(home.text)![1]).toBe(
      'La situazione dei servizi scolastici degli alunni di cui Cooperativa Sociale Il Ponte è intestatario.',
    );
  });
});

describe('cambio password', () => {
  it('is only for username/password accounts', async () => {
    expect((await parent.get(`${T}/cambio-password`)).status).toBe(404);
  });

  it('changes the password of a company account after checking the current one', async () => {
    const company = agentFor(ctx.app);
    await loginWithPassword(company, 'dimostrativo', DEMO_COMPANY.vatNumber, DEMO_PASSWORD);
    const page = `${T}/cambio-password`;
    const wrong = await submitForm(company, page, page, {
      currentPassword: 'sbagliata',
      newPassword: 'NuovaPassword2027',
      confirmPassword: 'NuovaPassword2027',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('La password attuale non è corretta.');
    expect(wrong.text).not.toContain('NuovaPassword2027');
    const mismatch = await submitForm(company, page, page, {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'NuovaPassword2027',
      confirmPassword: 'Altra2027password',
    });
    expect(mismatch.text).toContain('Le due password non coincidono.');
    const ok = await submitForm(company, page, page, {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'NuovaPassword2027',
      confirmPassword: 'NuovaPassword2027',
    });
    expect(ok.status).toBe(302);
    const again = agentFor(ctx.app);
    expect((await loginWithPassword(again, 'dimostrativo', DEMO_COMPANY.vatNumber, 'NuovaPassword2027')).status).toBe(302);
    expect(await audits('PASSWORD_CHANGED')).toHaveLength(1);
  });

  it.each([
    ['operatore', 'Area amministrativa', '/admin'],
    ['cassa', 'Sportello', '/sportello'],
    ['cucina', 'Conteggio pasti per la cucina', '/cucina'],
  ])("is linked for staff (%s) and carries their own breadcrumb, not the families' one", async (username, area, home) => {
    const staff = agentFor(ctx.app);
    await loginWithPassword(staff, 'dimostrativo', username, DEMO_PASSWORD);
    const start = await staff.get(`${T}${home}`);
    expect(start.text).toContain(`href="${T}/cambio-password"`);
    const page = await staff.get(`${T}/cambio-password`);
    expect(page.status).toBe(200);
    const crumbs = /data-qa="breadcrumb">([\s\S]*?)<\/ol>/.exec(page.text)![1];
    expect(crumbs).toContain(`<a href="${T}${home}">${area}</a>`);
    expect(crumbs).toContain('Cambio password');
    expect(crumbs).not.toContain('Cittadini');
    expect(crumbs).not.toContain('Servizi scolastici');
  });
});
