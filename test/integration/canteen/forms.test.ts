// The "Comunicazione assenze" page and the period search of seed 000, on the demo Comune (18 November 2026, 08:30).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { toDbDate } from '../../../src/domain/dates.ts';
import { agentFor, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let agent: Agent;
let tenantId: string;
let luca: { id: string };
let sofia: { id: string };

const T = '/dimostrativo';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true, now: '2026-11-18T07:30:00Z' });
  tenantId = (await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } })).id;
  luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Luca', lastName: 'Rossi' } });
  sofia = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Sofia', lastName: 'Rossi' } });
  agent = agentFor(ctx.app);
  await loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode);
});
afterAll(() => ctx?.close());

const pendingRequests = () => ctx.prisma.booking.count({ where: { tenantId, closedAt: null } });

describe('Comunicazione assenze', () => {
  it('shows the seed 000 form: Genitore read-only, Nominativo, Da data, A data, Tipologia, CONFERMA', async () => {
    const res = await agent.get(`${T}/assenze`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('COMUNICAZIONE ASSENZE');
    expect(res.text).toMatch(/id="genitore"[^>]*value="Maria Rossi"[^>]*readonly/);
    expect(res.text).toMatch(/<select id="alunno" name="alunno"[\s\S]*ROSSI LUCA[\s\S]*ROSSI SOFIA/);
    for (const label of ['Da data', 'A data', 'Tipologia', 'ASSENTE', 'PASTO IN BIANCO', 'CONFERMA']) expect(res.text).toContain(label);
    expect(res.text).toMatch(/class="dropdown-item list-item active" href="\/dimostrativo\/assenze"/);
  });

  it('keeps what was typed and changes nothing when the dates are wrong, in Italian', async () => {
    const before = await pendingRequests();
    const res = await submitForm(agent, `${T}/assenze`, `${T}/assenze`, {
      alunno: sofia.id,
      da: '31/02/2026',
      a: '',
      tipologia: 'ASSENTE',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Correggi i seguenti errori');
    expect(res.text).toContain('<a href="#da">Inserisci una data valida nel formato gg/mm/aaaa.</a>');
    expect(res.text).toContain('Indica la data di fine (gg/mm/aaaa).');
    expect(res.text).toContain('value="31/02/2026"');
    expect(res.text).toMatch(/<option value="[^"]+" selected>ROSSI SOFIA/);

    const backwards = await submitForm(agent, `${T}/assenze`, `${T}/assenze`, {
      alunno: sofia.id,
      da: '27/11/2026',
      a: '26/11/2026',
      tipologia: 'PASTO_IN_BIANCO',
    });
    expect(backwards.status).toBe(422);
    expect(backwards.text).toContain('La data di fine non può precedere quella di inizio.');
    expect(backwards.text).toMatch(/value="PASTO_IN_BIANCO" checked/);
    const noKind = await submitForm(agent, `${T}/assenze`, `${T}/assenze`, { alunno: sofia.id, da: '27/11/2026', a: '27/11/2026' });
    expect(noKind.text).toContain('Scegli la tipologia: ASSENTE o PASTO IN BIANCO.');
    expect(await pendingRequests()).toBe(before);
  });

  it('refuses a range with days past their cutoff, naming them, and records nothing', async () => {
    const before = await pendingRequests();
    const res = await submitForm(agent, `${T}/assenze`, `${T}/assenze`, {
      alunno: sofia.id,
      da: '17/11/2026',
      a: '20/11/2026',
      tipologia: 'ASSENTE',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('martedì 17/11/2026');
    expect(res.text).not.toContain('mercoledì 18/11/2026,');
    expect(res.text).toContain('Non è stata registrata nessuna assenza');
    expect(res.text).toContain('value="17/11/2026"');
    expect(await pendingRequests()).toBe(before);
  });

  it('confirms "Assenza comunicata con successo" with the days actually affected (closures skipped)', async () => {
    const res = await submitForm(agent, `${T}/assenze`, `${T}/assenze`, {
      alunno: sofia.id,
      da: '04/12/2026',
      a: '09/12/2026',
      tipologia: 'ASSENTE',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('18/11/2026 Assenza comunicata con successo');
    const listed = [...res.text.matchAll(/<li data-day="([^"]+)">/g)].map((m) => m[1]);
    expect(listed).toEqual(['2026-12-04', '2026-12-09']);
    const rows = await ctx.prisma.booking.findMany({
      where: { studentId: sofia.id, date: { gte: toDbDate('2026-12-04'), lte: toDbDate('2026-12-09') } },
    });
    expect(rows.map((r) => [r.date.toISOString().slice(0, 10), r.status])).toEqual([
      ['2026-12-04', 'ABSENT'],
      ['2026-12-09', 'ABSENT'],
    ]);
  });

  it('starts a prolonged absence and reactivates the service from the same page', async () => {
    const wrong = await submitForm(agent, `${T}/assenze?alunno=${luca.id}`, `${T}/assenze/prolungata`, {
      alunno: luca.id,
      inizio: 'lunedì',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('value="lunedì"');
    expect(wrong.text).toContain('Inserisci una data valida nel formato gg/mm/aaaa.');

    const started = await submitForm(agent, `${T}/assenze?alunno=${luca.id}`, `${T}/assenze/prolungata`, {
      alunno: luca.id,
      inizio: '14/12/2026',
    });
    expect(started.status).toBe(303);
    const page = await agent.get(started.headers.location);
    expect(page.text).toContain('Assenza prolungata di Luca Rossi registrata a partire da lunedì 14/12/2026.');
    expect(page.text).toContain('Assenza prolungata in corso dal 14/12/2026');
    expect(page.text).toContain('data-qa="reactivation-form"');

    const reactivated = await submitForm(agent, `${T}/assenze?alunno=${luca.id}`, `${T}/assenze/riattivazione`, {
      alunno: luca.id,
      ripresa: '11/01/2027',
    });
    expect(reactivated.status).toBe(303);
    expect((await agent.get(reactivated.headers.location)).text).toContain(
      'Servizio riattivato per Luca Rossi a partire da lunedì 11/01/2027.',
    );
    const absence = await ctx.prisma.prolongedAbsence.findFirstOrThrow({ where: { studentId: luca.id, startsOn: toDbDate('2026-12-14') } });
    expect(absence.endsOn?.toISOString().slice(0, 10)).toBe('2027-01-10');
    const calendar = await agent.get(`${T}/refezione?alunno=${luca.id}&mese=2026-12`);
    expect(calendar.text).toMatch(/data-qa="day-2026-12-14" data-status="ABSENT"/);
  });
});

describe('Refezione scolastica — ricerca per periodo', () => {
  it('lists each service day of one child with status, menu and charge, dates as dd/mm/yyyy', async () => {
    const res = await agent.get(`${T}/refezione/ricerca?alunno=${luca.id}&da=09/11/2026&a=18/11/2026`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Giorni dal 09/11/2026 al 18/11/2026');
    const days = [...res.text.matchAll(/data-qa="search-row" data-day="([^"]+)" data-status="([^"]+)"/g)].map((m) => m[1]);
    // Luca eats Monday to Thursday
    expect(days).toEqual(['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-16', '2026-11-17', '2026-11-18']);
    const charged = await ctx.prisma.booking.aggregate({
      where: { studentId: luca.id, date: { gte: toDbDate('2026-11-09'), lte: toDbDate('2026-11-18') }, closedAt: { not: null } },
      _sum: { chargedCents: true },
    });
    const total = charged._sum.chargedCents ?? 0;
    expect(res.text).toMatch(new RegExp(`data-qa="search-total">${Math.floor(total / 100)},${String(total % 100).padStart(2, '0')}`));
    expect(res.text).toContain('<td>09/11/2026</td>');
    expect(res.text).toMatch(/<td>18\/11\/2026<\/td>\s*<td>\s*Prenotato/);
  });

  it('keeps the typed dates and explains a wrong one', async () => {
    const res = await agent.get(`${T}/refezione/ricerca?alunno=${luca.id}&da=32/11/2026&a=18/11/2026`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Inserisci una data valida nel formato gg/mm/aaaa.');
    expect(res.text).toContain('value="32/11/2026"');
    expect(res.text).not.toContain('data-qa="search-results"');
  });
});

describe('special diets', () => {
  it("show the diet's variant dishes in place of the ordinary ones", async () => {
    const tommaso = await ctx.prisma.student.findFirstOrThrow({
      where: { tenantId, firstName: 'Tommaso', lastName: 'Conti' },
      include: { guardian: true },
    });
    const conti = agentFor(ctx.app);
    await loginAsCitizen(conti, 'dimostrativo', tommaso.guardian.fiscalCode);
    const res = await conti.get(`${T}/refezione`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Dieta speciale: Senza glutine');
    const menu = await ctx.prisma.menuDay.findFirstOrThrow({
      where: { tenantId, schoolId: tommaso.schoolId, date: toDbDate('2026-11-18') },
      include: { dishes: true },
    });
    const variants = menu.dishes.filter((d) => d.dietCode === 'SENZA_GLUTINE');
    expect(variants.length).toBeGreaterThan(0);
    const ofDay = /data-qa="menu-of-day">([\s\S]*?)<\/div>/.exec(res.text)![1];
    for (const variant of variants) {
      expect(ofDay).toContain(variant.name.replace(/'/g, '&#39;'));
      for (const ordinary of menu.dishes.filter((d) => d.dietCode === null && d.course === variant.course)) {
        expect(ofDay).not.toContain(`</span> ${ordinary.name}`);
      }
    }
  });
});
