import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT, DEMO_PASSWORD } from '../../../prisma/seed/identities.ts';
import { expectedMealsForSchoolDay } from '../../../src/features/canteen/meals.ts';
import { agentFor, loginWithPassword, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { demoSchools, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';

let ctx: TestContext;
let caterer: Agent;
let tenant: Awaited<ReturnType<typeof demoTenant>>;
let schools: Awaited<ReturnType<typeof demoSchools>>;

beforeAll(async () => {
  // 08:50 in Rome; sessions idle out after 30 minutes of app time, so the clock moves in small steps
  ctx = await createTestContext({ demo: true, now: '2026-11-18T07:50:00Z' });
  tenant = await demoTenant(ctx.prisma, 'dimostrativo');
  schools = await demoSchools(ctx.prisma, tenant.id);
  caterer = await staffAgent(ctx, 'dimostrativo', 'cucina');
});

afterAll(() => ctx.close());

/** The figures the page shows for each school, read from its data attributes. */
function figuresOn(html: string) {
  const figures = new Map<string, { normal: number; bland: number; total: number; diets: Record<string, number> }>();
  const rows = html.split('data-qa="kitchen-school"').slice(1);
  for (const row of rows) {
    const attr = (name: string) => new RegExp(`data-${name}="([^"]*)"`).exec(row)![1];
    const diets: Record<string, number> = {};
    for (const m of row.split('</tr>')[0].matchAll(/data-diet="([^"]+)" data-count="(\d+)"/g)) diets[m[1]] = Number(m[2]);
    figures.set(attr('school'), { normal: Number(attr('normal')), bland: Number(attr('bland')), total: Number(attr('total')), diets });
  }
  return figures;
}

/** The same figures computed straight from the expected meals, as the parents see them. */
async function expectedFigures(day: string) {
  const figures = new Map<string, { normal: number; bland: number; total: number; diets: Record<string, number> }>();
  for (const school of schools.all) {
    const meals = (await expectedMealsForSchoolDay(ctx.prisma, tenant.id, school.id, day)).filter((m) => m.status !== 'ABSENT');
    const diets: Record<string, number> = {};
    for (const m of meals.filter((m) => m.dietCode)) diets[m.dietCode!] = (diets[m.dietCode!] ?? 0) + 1;
    figures.set(school.id, {
      normal: meals.filter((m) => !m.dietCode && m.status === 'PRESENT').length,
      bland: meals.filter((m) => !m.dietCode && m.status === 'BLAND').length,
      total: meals.length,
      diets,
    });
  }
  return figures;
}

describe('kitchen report', () => {
  it('is where the caterer lands after logging in', async () => {
    const agent = agentFor(ctx.app);
    const login = await loginWithPassword(agent, 'dimostrativo', 'cucina', DEMO_PASSWORD);
    expect(login.headers.location).toBe('/dimostrativo/cucina');
  });

  it('withholds today’s count until the cutoff: refused at 08:59:59, shown at 09:00:00', async () => {
    ctx.setNow('2026-11-18T07:59:59Z'); // 08:59:59 in Rome (CET)
    const early = await caterer.get('/dimostrativo/cucina');
    expect(early.status).toBe(200);
    expect(visibleText(early.text)).toContain('Il conteggio di oggi sarà disponibile dalle 09:00');
    expect(early.text).not.toContain('data-qa="kitchen-report"');
    const csv = await caterer.get('/dimostrativo/cucina/csv?data=2026-11-18');
    expect(csv.status).toBe(409);
    expect(visibleText(csv.text)).toContain('Il conteggio di oggi sarà disponibile dalle 09:00');

    ctx.setNow('2026-11-18T08:00:00Z'); // 09:00:00 in Rome
    const onTime = await caterer.get('/dimostrativo/cucina');
    expect(onTime.text).toContain('data-qa="kitchen-report"');
    expect(onTime.text).not.toContain('data-qa="kitchen-not-yet"');
    expect(visibleText(onTime.text)).toContain('Conteggio definitivo del 18/11/2026');
    expect((await caterer.get('/dimostrativo/cucina/csv?data=2026-11-18')).status).toBe(200);
  });

  it.each(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-23'])(
    'counts for %s equal the expected meals of every school',
    async (day) => {
      ctx.setNow('2026-11-18T08:15:00Z');
      const res = await caterer.get(`/dimostrativo/cucina?data=${day}`);
      expect(res.status).toBe(200);
      const shown = figuresOn(res.text);
      const expected = await expectedFigures(day);
      expect(shown).toEqual(expected);
      const total = [...expected.values()].reduce((sum, f) => sum + f.total, 0);
      expect(total).toBeGreaterThan(0);
      expect(res.text).toContain(`data-qa="kitchen-totals" data-total="${total}"`);
      if (day > '2026-11-18') expect(visibleText(res.text)).toContain('Previsione');
      else expect(res.text).not.toContain('data-qa="kitchen-forecast"');
    },
  );

  it('names the children on a special diet, and only them', async () => {
    const day = '2026-11-17';
    const meals = (await Promise.all(schools.all.map((s) => expectedMealsForSchoolDay(ctx.prisma, tenant.id, s.id, day)))).flat();
    const onDiet = meals.filter((m) => m.dietCode && m.status !== 'ABSENT');
    expect(onDiet.length).toBeGreaterThan(0);
    const text = visibleText((await caterer.get(`/dimostrativo/cucina?data=${day}`)).text);
    for (const m of onDiet) expect(text).toContain(`${m.lastName} ${m.firstName}`);
    const ordinary = meals.find((m) => !m.dietCode && m.status === 'PRESENT')!;
    expect(text).not.toContain(`${ordinary.lastName} ${ordinary.firstName}`);
  });

  it('is also open to clerks, but not to a cashier or a parent (404)', async () => {
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    expect((await clerk.get('/dimostrativo/cucina?data=2026-11-17')).status).toBe(200);
    const cashier = await staffAgent(ctx, 'dimostrativo', 'cassa');
    expect((await cashier.get('/dimostrativo/cucina')).status).toBe(404);
    expect((await cashier.get('/dimostrativo/cucina/csv?data=2026-11-17')).status).toBe(404);
    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
    expect((await parent.get('/dimostrativo/cucina?data=2026-11-17')).status).toBe(404);
    expect((await parent.get('/dimostrativo/cucina/csv?data=2026-11-17')).status).toBe(404);
  });

  it('shows another Comune only its own schools', async () => {
    const other = await staffAgent(ctx, 'borgoverde', 'cucina');
    const res = await other.get('/borgoverde/cucina?data=2026-11-17');
    expect(res.status).toBe(200);
    for (const school of schools.all) expect(res.text).not.toContain(school.id);
  });
});
