import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDay, toDbDate } from '../../../src/domain/dates.ts';
import { submitForm, type Agent } from '../../helpers/http.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoSchools, demoTenant, staffAgent, visibleText } from './support.ts';

let ctx: TestContext;
let clerk: Agent;
let tenant: Awaited<ReturnType<typeof demoTenant>>;
let schools: Awaited<ReturnType<typeof demoSchools>>;
let base: string;

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenant = await demoTenant(ctx.prisma, 'dimostrativo');
  schools = await demoSchools(ctx.prisma, tenant.id);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
  base = `/dimostrativo/admin/refezione/scuole/${schools.primary.id}/menu`;
});

afterAll(() => ctx.close());

/** The dishes of a day as comparable plain rows. */
async function dishesOn(date: string) {
  const menu = await ctx.prisma.menuDay.findFirst({
    where: { tenantId: tenant.id, schoolId: schools.primary.id, date: toDbDate(date) },
    include: { dishes: { orderBy: [{ position: 'asc' }, { name: 'asc' }] } },
  });
  return (
    menu?.dishes.map((d) => ({ course: d.course, name: d.name, allergens: d.allergens, dietCode: d.dietCode, position: d.position })) ??
    null
  );
}

describe('menus', () => {
  it('lists a school week with its dishes, diet variants and closures', async () => {
    const res = await clerk.get(`${base}?settimana=2026-11-25`);
    expect(res.status).toBe(200);
    const text = visibleText(res.text);
    expect(text).toContain('settimana dal 23/11/2026');
    expect(res.text.match(/data-qa="menu-day"/g)).toHaveLength(5);
    const monday = (await dishesOn('2026-11-23'))!;
    expect(text).toContain(monday[0].name);
    expect(text).toContain('Senza glutine');
  });

  it('saves the dishes of a day with allergens and a diet variant, replacing the old ones', async () => {
    const before = await auditCount(ctx.prisma, tenant.id, 'CANTEEN_MENU_DAY_SAVED');
    const form = await clerk.get(`${base}/2026-11-23`);
    expect(form.status).toBe(200);
    expect(visibleText(form.text)).toContain('14. Molluschi');
    const res = await submitForm(clerk, `${base}/2026-11-23`, `${base}/2026-11-23`, {
      'course-0': 'FIRST',
      'name-0': 'Pasta al pomodoro',
      'allergens-0': ['1', '9'],
      'dietCode-0': '',
      'course-1': 'FIRST',
      'name-1': 'Pasta di mais al pomodoro',
      'dietCode-1': 'senza_glutine',
      'allergens-1': '9',
      'course-2': 'FRUIT',
      'name-2': 'Mela',
      'course-3': '',
      'name-3': '',
      'dietCode-3': '',
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${base}?settimana=2026-11-23`);
    expect(await dishesOn('2026-11-23')).toEqual([
      { course: 'FIRST', name: 'Pasta al pomodoro', allergens: [1, 9], dietCode: null, position: 0 },
      { course: 'FIRST', name: 'Pasta di mais al pomodoro', allergens: [9], dietCode: 'SENZA_GLUTINE', position: 0 },
      { course: 'FRUIT', name: 'Mela', allergens: [], dietCode: null, position: 1 },
    ]);
    expect(await auditCount(ctx.prisma, tenant.id, 'CANTEEN_MENU_DAY_SAVED')).toBe(before + 1);
  });

  it('saving a Wednesday returns to its week, shown from its Monday', async () => {
    const res = await submitForm(clerk, `${base}/2026-11-25`, `${base}/2026-11-25`, {
      'course-0': 'FIRST',
      'name-0': 'Risotto alla zucca',
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${base}?settimana=2026-11-23`);
  });

  it.each([
    [{ 'course-0': 'FIRST', 'name-0': '', 'allergens-0': '7' }, 'name-0', 'Indica il nome del piatto.'],
    [{ 'course-0': 'FIRST', 'name-0': 'Risotto', 'allergens-0': '15' }, 'allergens-0', 'Allergene non valido.'],
    [{ 'course-0': '', 'name-0': 'Risotto' }, 'course-0', 'Scegli la portata.'],
    [
      { 'course-0': 'FIRST', 'name-0': 'Risotto', 'dietCode-0': 'senza glutine!' },
      'dietCode-0',
      'Il codice dieta può contenere solo lettere',
    ],
  ])('refuses a bad dish in Italian next to its field, keeping the typed rows (%j)', async (fields, field, message) => {
    const before = await dishesOn('2026-11-23');
    const res = await submitForm(clerk, `${base}/2026-11-23`, `${base}/2026-11-23`, fields);
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain(message);
    expect(res.text).toContain(`href="#${field}"`);
    if (fields['name-0']) expect(res.text).toContain(`value="${fields['name-0']}"`);
    expect(await dishesOn('2026-11-23')).toEqual(before);
  });

  it('an empty form removes the menu of the day', async () => {
    const res = await submitForm(clerk, `${base}/2026-11-27`, `${base}/2026-11-27`, { 'course-0': '', 'name-0': '' });
    expect(res.status).toBe(302);
    expect(await dishesOn('2026-11-27')).toBeNull();
  });

  it('copies a week onto the next one, replacing it, in one go', async () => {
    const source = eachDay('2026-11-23', '2026-11-27');
    const target = eachDay('2026-11-30', '2026-12-04');
    expect(await dishesOn('2026-12-04')).not.toBeNull(); // replaced by the empty Friday
    const res = await submitForm(clerk, `${base}?settimana=2026-11-23`, `${base}/copia-settimana`, { week: '2026-11-23' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${base}?settimana=2026-11-30`);
    for (const [i, day] of target.entries()) expect(await dishesOn(day)).toEqual(await dishesOn(source[i]));
    expect(await dishesOn('2026-11-30')).toHaveLength(3);
    expect(await dishesOn('2026-12-04')).toBeNull();
    expect(await auditCount(ctx.prisma, tenant.id, 'CANTEEN_MENU_WEEK_COPIED')).toBe(1);
    const page = await clerk.get(res.headers.location);
    expect(visibleText(page.text)).toContain('Menu della settimana dal 23/11/2026 copiati sulla settimana dal 30/11/2026.');
  });

  it('refuses to copy a week without menus and changes nothing', async () => {
    const count = await ctx.prisma.menuDay.count({ where: { tenantId: tenant.id } });
    const res = await submitForm(clerk, `${base}?settimana=2027-08-02`, `${base}/copia-settimana`, { week: '2027-08-02' });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('La settimana dal 02/08/2027 non ha menu da copiare.');
    expect(await ctx.prisma.menuDay.count({ where: { tenantId: tenant.id } })).toBe(count);
  });

  it('the menus of another Comune’s school are 404, for reading and for writing', async () => {
    const other = await ctx.prisma.school.findFirstOrThrow({ where: { tenant: { slug: 'borgoverde' } } });
    const foreign = `/dimostrativo/admin/refezione/scuole/${other.id}/menu`;
    expect((await clerk.get(foreign)).status).toBe(404);
    expect((await clerk.get(`${foreign}/2026-11-23`)).status).toBe(404);
    const count = await ctx.prisma.menuDay.count({ where: { schoolId: other.id } });
    const copy = await submitForm(clerk, `${base}?settimana=2026-11-23`, `${foreign}/copia-settimana`, { week: '2026-11-23' });
    expect(copy.status).toBe(404);
    const save = await submitForm(clerk, `${base}/2026-11-23`, `${foreign}/2026-11-23`, { 'course-0': 'FIRST', 'name-0': 'Intruso' });
    expect(save.status).toBe(404);
    expect(await ctx.prisma.menuDay.count({ where: { schoolId: other.id } })).toBe(count);
  });
});
