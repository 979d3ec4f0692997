// The parent pages of the canteen, on the demo Comune (prepaid) as of Wednesday 18 November 2026, 08:30 in Rome.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
let otherFamilyChild: { id: string };
let otherComuneChild: { id: string };

const T = '/dimostrativo';
const MORNING = '2026-11-18T07:30:00Z';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true, now: MORNING });
  tenantId = (await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } })).id;
  luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Luca', lastName: 'Rossi' } });
  sofia = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Sofia', lastName: 'Rossi' } });
  otherFamilyChild = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Matteo', lastName: 'Colombo' } });
  otherComuneChild = await ctx.prisma.student.findFirstOrThrow({ where: { tenant: { slug: 'borgoverde' } } });
  agent = agentFor(ctx.app);
  await loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode);
});
beforeEach(() => ctx.setNow(MORNING));
afterAll(() => ctx?.close());

const bookingOf = (studentId: string, day: string) => ctx.prisma.booking.findFirst({ where: { studentId, date: toDbDate(day) } });
const dayCell = (html: string, day: string) => new RegExp(`<td[^>]*data-qa="day-${day}"[^>]*>[\\s\\S]*?</td>`).exec(html)?.[0] ?? '';

describe('the month calendar', () => {
  it('shows past days with status and charge, and future days with their actions', async () => {
    const res = await agent.get(`${T}/refezione?alunno=${luca.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('novembre 2026');
    expect(res.text).toMatch(/class="dropdown-item list-item active" href="\/dimostrativo\/refezione"/);
    expect(res.text).toMatch(/Servizi scolastici<\/a>[\s\S]*Refezione scolastica/);
    expect(res.text.match(/data-qa="child-switcher"/g)).toHaveLength(1);
    const past = dayCell(res.text, '2026-11-17');
    expect(past).toMatch(/Presente|Assente|Pasto in bianco/);
    expect(past).toMatch(/Addebito: \d+,\d\d/);
    expect(past).not.toContain('<button');
    const tomorrow = dayCell(res.text, '2026-11-19');
    expect(tomorrow).toContain('Prenotato');
    expect(tomorrow).toContain('value="CANCEL"');
    expect(tomorrow).toContain('value="BLAND"');
    expect(tomorrow).toContain('value="PROLONGED"');
    expect(tomorrow).toContain('<span class="visually-hidden"> per il 19/11/2026</span>');
    // Luca eats Monday to Thursday: Friday is a day without service for him
    expect(dayCell(res.text, '2026-11-20')).toContain('Servizio non erogato');
  });

  it('shows closures in red with their reason in a focusable element, month by month', async () => {
    const res = await agent.get(`${T}/refezione?alunno=${sofia.id}&mese=2026-12`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('dicembre 2026');
    const bridge = dayCell(res.text, '2026-12-07');
    expect(bridge).toContain('calendar-day closed');
    expect(bridge).toMatch(
      /<span[^>]*tabindex="0"[^>]*data-qa="closure-reason"><span class="visually-hidden">Servizio non erogato: <\/span>Ponte dell&#39;Immacolata<\/span>/,
    );
    expect(dayCell(res.text, '2026-12-08')).toContain('Immacolata Concezione');
    expect(res.text).toContain(`mese=2026-11`);
    expect(res.text).toContain(`mese=2027-01`);
  });

  it('shows the menu of the day and of the week with the allergens named', async () => {
    const res = await agent.get(`${T}/refezione?alunno=${luca.id}`);
    expect(res.text).toContain('Menù del giorno — 18/11/2026');
    expect(res.text).toContain('Menù della settimana');
    expect(res.text).toMatch(/data-qa="menu-of-day">[\s\S]*Primo:/);
    expect(res.text).toContain('Cereali contenenti glutine');
    expect(res.text).toContain('Anidride solforosa e solfiti'); // the legend of the 14
  });

  it('cancels tomorrow from the calendar and shows the day cancelled', async () => {
    const page = `${T}/refezione?alunno=${sofia.id}`;
    const res = await submitForm(agent, page, `${T}/refezione/giorno`, { alunno: sofia.id, data: '2026-11-19', azione: 'CANCEL' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${T}/refezione?alunno=${sofia.id}&mese=2026-11`);
    const after = await agent.get(res.headers.location);
    expect(after.text).toContain('Pasto di giovedì 19/11/2026 disdetto per Sofia Rossi.');
    expect(dayCell(after.text, '2026-11-19')).toContain('data-status="ABSENT"');
    expect(dayCell(after.text, '2026-11-19')).toContain('value="UNDO"');
    expect(await bookingOf(sofia.id, '2026-11-19')).toMatchObject({ status: 'ABSENT', closedAt: null });
    const audit = await ctx.prisma.auditEvent.findFirst({ where: { tenantId, action: 'CANTEEN_DAY_CANCEL', entityId: sofia.id } });
    expect(audit).toMatchObject({ actorKind: 'PARENT', actorLabel: expect.stringMatching(/^RSSMRA\*+$/) });
  });

  it('accepts a change for today at 08:59:59 and refuses it at 09:00:00 with the reason', async () => {
    ctx.setNow('2026-11-18T08:00:00Z'); // 09:00:00 in Rome
    const page = `${T}/refezione?alunno=${luca.id}`;
    const late = await submitForm(agent, page, `${T}/refezione/giorno`, { alunno: luca.id, data: '2026-11-18', azione: 'BLAND' });
    expect(late.status).toBe(303);
    const shown = await agent.get(late.headers.location);
    expect(shown.text).toContain(
      'Richiesta non accettata: per il mercoledì 18/11/2026 le modifiche erano possibili fino alle 09:00 del giorno stesso.',
    );
    expect(await bookingOf(luca.id, '2026-11-18')).toBeNull();

    ctx.setNow('2026-11-18T07:59:59Z');
    await submitForm(agent, page, `${T}/refezione/giorno`, { alunno: luca.id, data: '2026-11-18', azione: 'BLAND' });
    expect(await bookingOf(luca.id, '2026-11-18')).toMatchObject({ status: 'BLAND' });
    await submitForm(agent, page, `${T}/refezione/giorno`, { alunno: luca.id, data: '2026-11-18', azione: 'UNDO' });
    expect(await bookingOf(luca.id, '2026-11-18')).toBeNull();
  });
});

describe('"Disdici il prossimo pasto"', () => {
  it('cancels the first service day and goes back to the page it came from, saying which day', async () => {
    ctx.setNow('2026-11-18T08:15:00Z'); // 09:15: today is too late, Luca's next meal is Thursday
    const res = await submitForm(agent, `${T}/refezione?alunno=${luca.id}`, `${T}/refezione/disdici-prossimo`, {
      alunno: luca.id,
      ritorno: `${T}/refezione/ricerca?alunno=${luca.id}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${T}/refezione/ricerca?alunno=${luca.id}`);
    expect((await agent.get(res.headers.location)).text).toContain('Disdetto il prossimo pasto di Luca Rossi: giovedì 19/11/2026.');
    expect(await bookingOf(luca.id, '2026-11-19')).toMatchObject({ status: 'ABSENT' });
  });

  it('never returns to another site', async () => {
    const res = await submitForm(agent, `${T}/refezione?alunno=${luca.id}`, `${T}/refezione/disdici-prossimo`, {
      alunno: luca.id,
      ritorno: 'https://evil.example/',
    });
    expect(res.headers.location).toBe(`${T}/refezione?alunno=${luca.id}`);
  });
});

describe('foreign children', () => {
  it('are "not found" on every page and action, and nothing changes', async () => {
    for (const foreign of [otherFamilyChild.id, otherComuneChild.id, '00000000-0000-0000-0000-000000000000']) {
      for (const path of [
        `${T}/refezione?alunno=${foreign}`,
        `${T}/refezione/ricerca?alunno=${foreign}`,
        `${T}/refezione/ricerca?alunno=${foreign}&da=01/11/2026&a=17/11/2026`,
        `${T}/assenze?alunno=${foreign}`,
      ]) {
        expect((await agent.get(path)).status, path).toBe(404);
      }
      const posts: [string, Record<string, string>][] = [
        [`${T}/refezione/giorno`, { alunno: foreign, data: '2026-11-23', azione: 'CANCEL' }],
        [`${T}/refezione/disdici-prossimo`, { alunno: foreign }],
        [`${T}/assenze`, { alunno: foreign, da: '23/11/2026', a: '24/11/2026', tipologia: 'ASSENTE' }],
        [`${T}/assenze`, { alunno: foreign, da: 'ieri', a: '', tipologia: 'ASSENTE' }],
        [`${T}/assenze/prolungata`, { alunno: foreign, inizio: '23/11/2026' }],
        [`${T}/assenze/riattivazione`, { alunno: foreign, ripresa: '23/11/2026' }],
      ];
      for (const [action, fields] of posts) {
        const res = await submitForm(agent, `${T}/assenze`, action, fields);
        expect(res.status, action).toBe(404);
      }
    }
    expect(await ctx.prisma.booking.count({ where: { studentId: otherFamilyChild.id, closedAt: null } })).toBe(0);
    expect(await ctx.prisma.prolongedAbsence.count({ where: { studentId: otherFamilyChild.id } })).toBe(0);
  });

  it('are not reachable without login', async () => {
    const anonymous = agentFor(ctx.app);
    const res = await anonymous.get(`${T}/refezione`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${T}/accedi`);
  });
});
