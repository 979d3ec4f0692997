// Issue 9, "Bad input must never give a 500": each defect found by probing the forms, with the answer a person
// (or a careless client) now gets instead. The whole-route sweep is in hostile-bodies.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { buildFiscalCode } from '../../../src/domain/fiscal-code.ts';
import { toDbDate } from '../../../src/domain/dates.ts';
import { agentFor, csrfTokenFrom, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { demoSchools, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';

let ctx: TestContext;
let parent: Agent;
let clerk: Agent;
let tenantId: string;
let luca: { id: string };
let primarySchoolId: string;

const T = '/dimostrativo';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true, now: '2026-11-18T07:30:00Z' });
  tenantId = (await demoTenant(ctx.prisma, 'dimostrativo')).id;
  primarySchoolId = (await demoSchools(ctx.prisma, tenantId)).primary.id;
  luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Luca', lastName: 'Rossi' } });
  parent = agentFor(ctx.app);
  await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
});
afterAll(() => ctx?.close());

describe('dates typed in forms', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('an %s "Da data" on Comunicazione assenze is asked for again, in Italian', async (_name, from) => {
    const res = await submitForm(parent, `${T}/assenze`, `${T}/assenze`, {
      alunno: luca.id,
      da: from,
      a: '20/11/2026',
      tipologia: 'ASSENTE',
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('Indica la data di inizio');
    expect(res.text).toContain('href="#da"');
  });

  it('an empty "Dal" in the period search is an error on the page, not a crash', async () => {
    const res = await parent.get(`${T}/refezione/ricerca?alunno=${luca.id}&da=&a=20/11/2026`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('href="#da"');
  });

  it('an impossible day (30 February) is refused on the absence and prolonged-absence forms', async () => {
    const absence = await submitForm(parent, `${T}/assenze`, `${T}/assenze`, {
      alunno: luca.id,
      da: '2026-02-30',
      a: '30/02/2026',
      tipologia: 'ASSENTE',
    });
    expect(absence.status).toBe(422);
    expect(visibleText(absence.text)).toContain('Inserisci una data valida nel formato gg/mm/aaaa.');
    const prolonged = await submitForm(parent, `${T}/assenze`, `${T}/assenze/prolungata`, { alunno: luca.id, inizio: '30/02/2027' });
    expect(prolonged.status).toBe(422);
  });

  it('a reactivation from a day before the prolonged absence began is refused in Italian and changes nothing', async () => {
    const started = await submitForm(parent, `${T}/assenze?alunno=${luca.id}`, `${T}/assenze/prolungata`, {
      alunno: luca.id,
      inizio: '11/01/2027',
    });
    expect(started.status).toBe(303);
    const res = await submitForm(parent, `${T}/assenze?alunno=${luca.id}`, `${T}/assenze/riattivazione`, {
      alunno: luca.id,
      ripresa: '07/12/2026',
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain(
      "La ripresa del servizio non può precedere l'inizio dell'assenza prolungata di Luca Rossi (lunedì 11/01/2027)",
    );
    expect(res.text).toContain('href="#ripresa"');
    const absence = await ctx.prisma.prolongedAbsence.findFirstOrThrow({ where: { studentId: luca.id, startsOn: toDbDate('2027-01-11') } });
    expect(absence.endsOn).toBeNull();
  });
});

describe('text fields', () => {
  it('a NUL byte in the subject of "Contattaci" never reaches the database; the message is sent without it', async () => {
    const res = await submitForm(parent, `${T}/contatti`, `${T}/contatti`, {
      oggetto: 'Menu\u0000 di dicembre',
      messaggio: 'Vorrei sapere il menu di dicembre.\u0000',
      email: 'maria.rossi@example.com',
    });
    expect(res.status).toBe(302);
    const message = await ctx.prisma.contactMessage.findFirstOrThrow({ where: { tenantId }, orderBy: { createdAt: 'desc' } });
    expect(message.subject).toBe('Menu di dicembre');
  });

  it('a NUL byte in a closure reason and in a dish name is saved without it', async () => {
    const calendar = `${T}/admin/refezione/scuole/${primarySchoolId}/calendario`;
    const closure = await submitForm(clerk, calendar, `${calendar}/chiusura-straordinaria`, {
      extraDate: '04/12/2026',
      extraReason: 'Sciopero\u0000 generale',
    });
    expect(closure.status).toBeLessThan(400);
    const closed = await ctx.prisma.closureDay.findFirstOrThrow({
      where: { tenantId, schoolId: primarySchoolId, date: toDbDate('2026-12-04') },
    });
    expect(closed.reason).toBe('Sciopero generale');

    const menu = `${T}/admin/refezione/scuole/${primarySchoolId}/menu/2026-11-30`;
    const saved = await submitForm(clerk, menu, menu, { 'course-0': 'FIRST', 'name-0': 'Pasta\u0000 al pomodoro' });
    expect(saved.status).toBe(302);
    const day = await ctx.prisma.menuDay.findFirstOrThrow({
      where: { tenantId, schoolId: primarySchoolId, date: toDbDate('2026-11-30') },
      include: { dishes: true },
    });
    expect(day.dishes.map((dish) => dish.name)).toEqual(['Pasta al pomodoro']);
  });

  it('a field sent twice (an array where one value is expected) gets an Italian error, not a crash', async () => {
    const res = await submitForm(parent, `${T}/contatti`, `${T}/contatti`, {
      oggetto: ['Menu', 'Menu'],
      messaggio: 'Vorrei sapere il menu di dicembre.',
      email: ['a@example.com', 'b@example.com'],
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('href="#oggetto"');
    expect(visibleText(res.text)).not.toMatch(/Invalid input|expected string/);
  });

  it('a 10 kB subject is refused as too long', async () => {
    const res = await submitForm(parent, `${T}/contatti`, `${T}/contatti`, {
      oggetto: 'x'.repeat(10_000),
      messaggio: 'Vorrei sapere il menu di dicembre.',
      email: 'maria.rossi@example.com',
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain("L'oggetto è troppo lungo");
  });
});

describe('bodies that are not a form', () => {
  it.each([
    ['application/json', JSON.stringify({ date: '2026-11-17', newStatus: 'ABSENT', reason: 'Assente per malattia' })],
    ['text/plain', 'date=2026-11-17&newStatus=ABSENT'],
  ])('a %s body on the attendance correction is answered 415 in Italian', async (type, body) => {
    const page = `${T}/admin/refezione/scuole/${primarySchoolId}/presenze`;
    const token = csrfTokenFrom((await clerk.get(`${page}?data=2026-11-17`)).text);
    const res = await clerk.post(`${page}/${luca.id}`).set('Content-Type', type).set('X-CSRF-Token', token).send(body);
    expect(res.status).toBe(415);
    expect(visibleText(res.text)).toContain('Il modulo è arrivato in un formato che il portale non accetta');
  });

  it('a POST with no body at all is an empty form: the usual validation errors', async () => {
    const token = csrfTokenFrom((await parent.get(`${T}/contatti`)).text);
    const res = await parent.post(`${T}/contatti`).set('X-CSRF-Token', token);
    expect(res.status).toBe(422);
    expect(res.text).toContain('href="#oggetto"');
  });
});

describe('contact data and delegates', () => {
  const contactPage = () => `${T}/anagrafica?alunno=${luca.id}&scheda=altre`;

  it.each(['2026-02-30', '10.555', '+39', '12345', '+39 333 1234 5678 9'])('refuses %s as a phone number', async (phone) => {
    const res = await submitForm(parent, contactPage(), `${T}/anagrafica/contatti`, {
      alunno: luca.id,
      email: 'maria.rossi@example.com',
      phone,
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('Inserisci un numero di telefono valido');
  });

  it.each(['333 1234567', '+39 333 123 4567', '0039 06 6982', '02/12345678', '+41 44 668 18 00', '(+39) 051-123456'])(
    'accepts %s as a phone number',
    async (phone) => {
      const res = await submitForm(parent, contactPage(), `${T}/anagrafica/contatti`, {
        alunno: luca.id,
        email: 'maria.rossi@example.com',
        phone,
      });
      expect(res.status).toBe(302);
    },
  );

  it('an invalid 16-character fiscal code for a delegate is called not valid, not "must have 16 characters"', async () => {
    const valid = buildFiscalCode({ firstName: 'Giovanni', lastName: 'Rossi', birthDate: '1950-01-20', sex: 'M', cadastralCode: 'F205' });
    const wrongCheck = `${valid.slice(0, 15)}${valid[15] === 'A' ? 'B' : 'A'}`;
    for (const code of [wrongCheck, 'ABCDEFGHIJKLMNOP']) {
      const res = await submitForm(parent, `${T}/anagrafica/delegati`, `${T}/anagrafica/delegati`, {
        codiceFiscale: code,
        nome: 'Giovanni',
        cognome: 'Rossi',
      });
      expect(res.status).toBe(422);
      const text = visibleText(res.text);
      expect(text).toContain('Il codice fiscale non è valido');
      expect(text).not.toContain('deve avere 16 caratteri');
    }
    const short = await submitForm(parent, `${T}/anagrafica/delegati`, `${T}/anagrafica/delegati`, {
      codiceFiscale: 'RSSGNN50A20',
      nome: 'Giovanni',
      cognome: 'Rossi',
    });
    expect(visibleText(short.text)).toContain('Il codice fiscale deve avere 16 caratteri');
  });
});
