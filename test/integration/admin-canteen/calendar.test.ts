import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import { expectedMealsForSchoolDay } from '../../../src/features/canteen/meals.ts';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoSchools, demoTenant, staffAgent, visibleText } from './support.ts';

let ctx: TestContext;
let clerk: Agent;
let tenant: Awaited<ReturnType<typeof demoTenant>>;
let schools: Awaited<ReturnType<typeof demoSchools>>;
const page = (schoolId: string) => `/dimostrativo/admin/refezione/scuole/${schoolId}/calendario`;

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenant = await demoTenant(ctx.prisma, 'dimostrativo');
  schools = await demoSchools(ctx.prisma, tenant.id);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
});

afterAll(() => ctx.close());

const closuresOn = (date: string) => ctx.prisma.closureDay.findMany({ where: { tenantId: tenant.id, date: toDbDate(date) } });
const closureCount = () => ctx.prisma.closureDay.count({ where: { tenantId: tenant.id } });

describe('school calendar', () => {
  it('is reached from the admin home through the Refezione page, which lists every school', async () => {
    const home = await clerk.get('/dimostrativo/admin');
    expect(home.text).toContain('href="/dimostrativo/admin/refezione"');
    expect(home.text).toContain('href="/dimostrativo/cucina"');
    const index = await clerk.get('/dimostrativo/admin/refezione');
    expect(index.status).toBe(200);
    for (const school of schools.all) {
      expect(index.text).toContain(`href="${page(school.id)}"`);
      expect(index.text).toContain(`/dimostrativo/admin/refezione/scuole/${school.id}/presenze?data=2026-11-18`);
    }
  });

  it('shows the service period, the closures and the rientri of a school', async () => {
    const res = await clerk.get(page(schools.primary.id));
    expect(res.status).toBe(200);
    const text = visibleText(res.text);
    expect(text).toContain('Calendario del servizio mensa');
    expect(res.text).toContain('value="2026-09-14"');
    expect(text).toMatch(/23\/12\/2026 24\/12\/2026 2 Vacanza Vacanze di Natale/);
    expect(text).toContain('Classe 3ª B');
  });

  it('closes every weekday of a range at all schools in one go, and audits it', async () => {
    const before = await auditCount(ctx.prisma, tenant.id, 'CANTEEN_CLOSURE_ADDED');
    const res = await submitForm(clerk, page(schools.primary.id), `${page(schools.primary.id)}/chiusure`, {
      schoolYear: '2026/2027',
      from: '10/12/2026',
      to: '2026-12-14',
      kind: 'BRIDGE',
      reason: 'Ponte di Sant’Ambrogio',
      allSchools: 'on',
    });
    expect(res.status).toBe(302);
    for (const day of ['2026-12-10', '2026-12-11', '2026-12-14']) {
      const rows = await closuresOn(day);
      expect(rows.map((r) => r.schoolId).sort()).toEqual(schools.all.map((s) => s.id).sort());
      expect(rows.every((r) => r.kind === 'BRIDGE' && r.reason === 'Ponte di Sant’Ambrogio')).toBe(true);
    }
    expect(await closuresOn('2026-12-12')).toHaveLength(0); // Saturday: never stored
    expect(await auditCount(ctx.prisma, tenant.id, 'CANTEEN_CLOSURE_ADDED')).toBe(before + 1);
    const after = await clerk.get(res.headers.location);
    expect(visibleText(after.text)).toContain('Chiusura registrata. Giorni chiusi ora: 6; già chiusi e lasciati invariati: 0.');
  });

  it.each([
    [{ from: '14/12/2026', to: '10/12/2026', kind: 'BRIDGE', reason: 'Ponte' }, "L'ultimo giorno di chiusura non può precedere il primo."],
    [{ from: '31/02/2026', to: '10/12/2026', kind: 'BRIDGE', reason: 'Ponte' }, 'Inserisci una data valida nel formato gg/mm/aaaa.'],
    [{ from: '15/12/2026', to: '16/12/2026', kind: 'BRIDGE', reason: '' }, 'Indica il motivo della chiusura (almeno 3 caratteri).'],
    [{ from: '15/12/2026', to: '16/12/2026', kind: 'VACANZA', reason: 'Ponte' }, 'Scegli il tipo di chiusura.'],
    [{ from: '19/12/2026', to: '20/12/2026', kind: 'BREAK', reason: 'Fine settimana' }, 'Nei giorni indicati non ci sono giorni feriali'],
    [
      { from: '16/11/2026', to: '20/11/2026', kind: 'BREAK', reason: 'Troppo tardi' },
      'Il giorno 16/11/2026 è già stato chiuso e addebitato',
    ],
  ])('refuses a bad range in Italian, keeps what was typed and changes nothing (%j)', async (fields, message) => {
    const count = await closureCount();
    const res = await submitForm(clerk, page(schools.primary.id), `${page(schools.primary.id)}/chiusure`, {
      schoolYear: '2026/2027',
      ...fields,
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain(message);
    expect(res.text).toContain('data-qa="error-summary"');
    if (fields.reason) expect(res.text).toContain(`value="${fields.reason}"`);
    expect(await closureCount()).toBe(count);
  });

  it('an extraordinary closure for all schools removes the day from the expected meals at once', async () => {
    const day = '2026-11-19'; // a Thursday: the primary's classes eat Mon–Thu at most
    const expectedBefore = await Promise.all(schools.all.map((s) => expectedMealsForSchoolDay(ctx.prisma, tenant.id, s.id, day)));
    expect(expectedBefore.every((meals) => meals.length > 0)).toBe(true);
    const res = await submitForm(clerk, page(schools.nursery.id), `${page(schools.nursery.id)}/chiusura-straordinaria`, {
      schoolYear: '2026/2027',
      extraDate: '19/11/2026',
      extraReason: 'Sciopero generale',
      extraAllSchools: 'on',
    });
    expect(res.status).toBe(302);
    for (const school of schools.all) expect(await expectedMealsForSchoolDay(ctx.prisma, tenant.id, school.id, day)).toEqual([]);
    expect((await closuresOn(day)).every((c) => c.kind === 'EXTRAORDINARY' && c.reason === 'Sciopero generale')).toBe(true);
    expect(await auditCount(ctx.prisma, tenant.id, 'CANTEEN_EXTRAORDINARY_CLOSURE_ADDED')).toBe(1);
  });

  it('an extraordinary closure of one school today, before the day is closed, leaves the other school alone', async () => {
    const today = '2026-11-18';
    const res = await submitForm(clerk, page(schools.primary.id), `${page(schools.primary.id)}/chiusura-straordinaria`, {
      extraDate: today,
      extraReason: 'Allerta meteo rossa',
    });
    expect(res.status).toBe(302);
    expect(await expectedMealsForSchoolDay(ctx.prisma, tenant.id, schools.primary.id, today)).toEqual([]);
    expect((await expectedMealsForSchoolDay(ctx.prisma, tenant.id, schools.nursery.id, today)).length).toBeGreaterThan(0);
  });

  it('keeps the confirmation for the page it leads to, even when the browser fetches its icon in between', async () => {
    const res = await submitForm(clerk, page(schools.primary.id), `${page(schools.primary.id)}/chiusura-straordinaria`, {
      extraDate: '25/11/2026',
      extraReason: 'Assemblea sindacale',
    });
    expect(res.status).toBe(302);
    expect((await clerk.get('/favicon.ico')).status).toBe(301);
    expect((await clerk.get('/static/img/assente.png')).status).toBe(404);
    const after = await clerk.get(res.headers.location);
    expect(after.text).toContain('data-qa="flash"');
    expect((await clerk.get(res.headers.location)).text).not.toContain('data-qa="flash"');
  });

  it('stores the confirmation before the redirect leaves, as a browser follows it at once', async () => {
    const form = await clerk.get(page(schools.primary.id));
    const cookie = clerk.jar.getCookie('ss.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })!;
    const sid = decodeURIComponent(cookie.value).slice(2).split('.')[0];
    const server = ctx.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    // Another transaction holds the session row, so the session cannot be stored until it lets go.
    const holder = await ctx.pool.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT sid FROM session WHERE sid = $1 FOR UPDATE', [sid]);
    const body = new URLSearchParams({ extraDate: '24/11/2026', extraReason: 'Disinfestazione', _csrf: csrfTokenFrom(form.text) });
    const headers = new Promise<http.IncomingMessage>((resolve, reject) => {
      const post = http.request(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}${page(schools.primary.id)}/chiusura-straordinaria`,
        { method: 'POST', headers: { cookie: `ss.sid=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded' } },
        resolve,
      );
      post.on('error', reject);
      post.end(body.toString());
    });
    const first = await Promise.race([
      headers.then(() => 'redirect'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 1000)),
    ]);
    await holder.query('COMMIT');
    holder.release();
    const response = await headers;
    response.resume();
    const stored = await ctx.pool.query<{ sess: { flash?: unknown } }>('SELECT sess FROM session WHERE sid = $1', [sid]);
    server.close();
    expect(first).toBe('waiting');
    expect(response.statusCode).toBe(302);
    expect(stored.rows[0].sess.flash).toEqual([{ kind: 'success', message: expect.stringContaining('Chiusura straordinaria registrata') }]);
  });

  it('refuses an extraordinary closure without a reason and changes nothing', async () => {
    const count = await closureCount();
    const res = await submitForm(clerk, page(schools.primary.id), `${page(schools.primary.id)}/chiusura-straordinaria`, {
      extraDate: '27/11/2026',
      extraReason: ' ',
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('Indica il motivo della chiusura');
    expect(res.text).toContain('value="27/11/2026"');
    expect(await closureCount()).toBe(count);
  });

  it('removes a closure range, and the day is a service day again', async () => {
    const rows = await ctx.prisma.closureDay.findMany({
      where: { tenantId: tenant.id, schoolId: schools.nursery.id, reason: 'Sciopero generale' },
    });
    expect(rows).toHaveLength(1);
    const res = await submitForm(clerk, page(schools.nursery.id), `${page(schools.nursery.id)}/chiusure/rimuovi`, {
      ids: rows.map((r) => r.id).join(','),
    });
    expect(res.status).toBe(302);
    expect((await expectedMealsForSchoolDay(ctx.prisma, tenant.id, schools.nursery.id, '2026-11-19')).length).toBeGreaterThan(0);
    expect(await auditCount(ctx.prisma, tenant.id, 'CANTEEN_CLOSURE_REMOVED')).toBe(1);
  });

  it('refuses to remove the closure of a day already closed', async () => {
    const past = await ctx.prisma.closureDay.create({
      data: {
        tenantId: tenant.id,
        schoolId: schools.primary.id,
        date: toDbDate('2026-10-05'),
        kind: 'EXTRAORDINARY',
        reason: 'Seggio elettorale',
      },
    });
    const res = await submitForm(clerk, page(schools.primary.id), `${page(schools.primary.id)}/chiusure/rimuovi`, { ids: past.id });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('Il giorno 05/10/2026 è già stato chiuso e addebitato');
    expect(await ctx.prisma.closureDay.findUnique({ where: { id: past.id } })).not.toBeNull();
  });

  it('sets the rientro weekdays of a class; none or Saturday is refused', async () => {
    const schoolClass = await ctx.prisma.schoolClass.findFirstOrThrow({ where: { tenantId: tenant.id, name: '3ª B' } });
    const action = `${page(schools.primary.id)}/classi/${schoolClass.id}/rientri`;
    const saved = await submitForm(clerk, page(schools.primary.id), action, { weekdays: ['1', '3', '5'] });
    expect(saved.status).toBe(302);
    expect((await ctx.prisma.schoolClass.findUniqueOrThrow({ where: { id: schoolClass.id } })).mealWeekdays).toEqual([1, 3, 5]);
    expect(await auditCount(ctx.prisma, tenant.id, 'CANTEEN_MEAL_WEEKDAYS_SET')).toBe(1);

    const none = await submitForm(clerk, page(schools.primary.id), action, {});
    expect(none.status).toBe(422);
    expect(visibleText(none.text)).toContain('Seleziona almeno un giorno di rientro.');
    const saturday = await submitForm(clerk, page(schools.primary.id), action, { weekdays: ['2', '6'] });
    expect(saturday.status).toBe(422);
    expect(visibleText(saturday.text)).toContain('Si possono scegliere solo i giorni da lunedì a venerdì.');
    expect(saturday.text).toMatch(new RegExp(`id="weekdays-${schoolClass.id}-2" name="weekdays" value="2" checked`));
    expect((await ctx.prisma.schoolClass.findUniqueOrThrow({ where: { id: schoolClass.id } })).mealWeekdays).toEqual([1, 3, 5]);
  });

  it('changes the service period within the school year only', async () => {
    const action = `${page(schools.nursery.id)}/periodo`;
    const wrong = await submitForm(clerk, page(schools.nursery.id), action, {
      schoolYear: '2026/2027',
      startsOn: '2026-09-14',
      endsOn: '2027-09-30',
    });
    expect(wrong.status).toBe(422);
    expect(visibleText(wrong.text)).toContain("Il periodo deve cadere nell'anno scolastico 2026/2027 (dal 01/09/2026 al 31/08/2027).");
    const reversed = await submitForm(clerk, page(schools.nursery.id), action, {
      schoolYear: '2026/2027',
      startsOn: '2026-09-14',
      endsOn: '2026-09-01',
    });
    expect(visibleText(reversed.text)).toContain("L'ultimo giorno di servizio non può precedere il primo.");
    const moved = await submitForm(clerk, page(schools.nursery.id), action, {
      schoolYear: '2026/2027',
      startsOn: '2026-09-14',
      endsOn: '2027-06-25',
    });
    expect(moved.status).toBe(302);
    const calendar = await ctx.prisma.serviceCalendar.findFirstOrThrow({ where: { tenantId: tenant.id, schoolId: schools.nursery.id } });
    expect(calendar.endsOn.toISOString().slice(0, 10)).toBe('2027-06-25');
    const late = await submitForm(clerk, page(schools.nursery.id), action, {
      schoolYear: '2026/2027',
      startsOn: '2026-11-02',
      endsOn: '2027-06-25',
    });
    expect(late.status).toBe(422);
    expect(visibleText(late.text)).toContain('già stato chiuso e addebitato');
    const nextYear = await clerk.get(`${page(schools.nursery.id)}?anno=2027/2028`);
    expect(nextYear.text).toContain('data-qa="no-period"');
    const created = await submitForm(clerk, `${page(schools.nursery.id)}?anno=2027/2028`, action, {
      schoolYear: '2027/2028',
      startsOn: '13/09/2027',
      endsOn: '30/06/2028',
    });
    expect(created.headers.location).toBe(`${page(schools.nursery.id)}?anno=2027%2F2028`);
    expect(
      await ctx.prisma.serviceCalendar.count({ where: { tenantId: tenant.id, schoolId: schools.nursery.id, schoolYear: '2027/2028' } }),
    ).toBe(1);
  });
});

describe('who may see the calendar', () => {
  it('another Comune’s clerk gets 404 for this Comune’s schools', async () => {
    const other = await staffAgent(ctx, 'borgoverde', 'operatore');
    const res = await other.get(`/borgoverde/admin/refezione/scuole/${schools.primary.id}/calendario`);
    expect(res.status).toBe(404);
    const menu = await other.get(`/borgoverde/admin/refezione/scuole/${schools.primary.id}/menu/2026-11-23`);
    expect(menu.status).toBe(404);
    const attendance = await other.get(`/borgoverde/admin/refezione/scuole/${schools.primary.id}/presenze?data=2026-11-17`);
    expect(attendance.status).toBe(404);
  });

  it('a malformed id is 404, not an error', async () => {
    expect((await clerk.get('/dimostrativo/admin/refezione/scuole/non-un-id/calendario')).status).toBe(404);
  });

  it('a cashier, the caterer and a parent get 404; nobody logged in goes to the login page', async () => {
    for (const username of ['cassa', 'cucina']) {
      const agent = await staffAgent(ctx, 'dimostrativo', username);
      expect((await agent.get('/dimostrativo/admin/refezione')).status).toBe(404);
      expect((await agent.get(page(schools.primary.id))).status).toBe(404);
    }
    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
    expect((await parent.get('/dimostrativo/admin/refezione')).status).toBe(404);
    expect((await parent.get(page(schools.primary.id))).status).toBe(404);
    const anonymous = await request(ctx.app).get(page(schools.primary.id));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/dimostrativo/accedi');
  });
});
