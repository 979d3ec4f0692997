import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import { expectedMealsForDay } from '../../../src/features/canteen/expected-meals.ts';
import { mealStatusesForStudent } from '../../../src/features/canteen/meals.ts';
import { submitForm, type Agent } from '../../helpers/http.ts';
import { aGuardian, aStudent } from '../../helpers/builders.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoSchools, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';

let ctx: TestContext;
let clerk: Agent;
let demo: Awaited<ReturnType<typeof demoTenant>>;
let schools: Awaited<ReturnType<typeof demoSchools>>;
const base = '/dimostrativo/admin/iscrizioni';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  demo = await demoTenant(ctx.prisma, 'dimostrativo');
  schools = await demoSchools(ctx.prisma, demo.id);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
});

afterAll(() => ctx.close());

/** Meals the kitchen cooks that day in the Comune (the count is derived, as the kitchen report's). */
async function kitchenCount(day: string): Promise<number> {
  return (await expectedMealsForDay(ctx.prisma, demo.id, day)).filter((m) => m.status !== 'ABSENT').length;
}

const canteen = () => ctx.prisma.service.findFirstOrThrow({ where: { tenantId: demo.id, code: 'REFEZIONE' } });

async function aFamilyOfTwo() {
  const guardian = await aGuardian(ctx.prisma, demo.id);
  const schoolClass = await ctx.prisma.schoolClass.findFirstOrThrow({
    where: { tenantId: demo.id, schoolId: schools.primary.id, mealWeekdays: { has: 4 } },
  });
  const child = (birthDate: string, firstName: string) =>
    aStudent(
      ctx.prisma,
      { tenantId: demo.id, guardianId: guardian.id, schoolId: schools.primary.id, classId: schoolClass.id },
      { birthDate: toDbDate(birthDate), firstName },
    );
  return { guardian, schoolClass, older: await child('2017-04-02', 'Marco'), younger: await child('2019-09-30', 'Elena') };
}

const enrollFields = (
  student: { badgeNumber: string },
  serviceId: string,
  schoolId: string,
  classId: string,
  overrides: Record<string, string> = {},
) => ({
  student: student.badgeNumber,
  serviceId,
  schoolYear: '2026/2027',
  schoolId,
  classId,
  isee: '12.000,00',
  dsuProtocol: 'INPS-ISEE-2026-00012345A-00',
  startsOn: '19/11/2026',
  ...overrides,
});

describe('enrolling', () => {
  it('enrolls two children of a family with an ISEE band: the younger gets the sibling reduction, and tomorrow’s kitchen count grows by two', async () => {
    const { older, younger, schoolClass } = await aFamilyOfTwo();
    const service = await canteen();
    const [countBefore, todayBefore] = [await kitchenCount('2026-11-19'), await kitchenCount('2026-11-18')];
    const audited = await auditCount(ctx.prisma, demo.id, 'ENROLLMENT_CREATED');
    for (const child of [younger, older]) {
      const res = await submitForm(clerk, `${base}/nuova`, base, enrollFields(child, service.id, schools.primary.id, schoolClass.id));
      expect(res.status, visibleText(res.text)).toBe(302);
    }
    expect(await auditCount(ctx.prisma, demo.id, 'ENROLLMENT_CREATED')).toBe(audited + 2);
    expect(await kitchenCount('2026-11-19')).toBe(countBefore + 2);
    expect(await kitchenCount('2026-11-18')).toBe(todayBefore);

    // ISEE 12.000 € is FASCIA_2 (3,80 €); the younger child is the second: −20% = 3,04 €
    const list = await clerk.get(`${base}?q=${younger.badgeNumber}`);
    expect(visibleText(list.text)).toContain('3,04 € a pasto');
    expect(visibleText(list.text)).toContain('2º figlio: −20%');
    const enrollment = await ctx.prisma.enrollment.findFirstOrThrow({ where: { tenantId: demo.id, studentId: younger.id } });
    const page = visibleText((await clerk.get(`${base}/${enrollment.id}`)).text);
    expect(page).toContain('2º figlio iscritto al servizio: riduzione del 20%');
    expect(page).toMatch(/Tariffa ridotta — ISEE da 8\.000,01 € a 15\.000,00 €/);
    const olderPage = await ctx.prisma.enrollment.findFirstOrThrow({ where: { tenantId: demo.id, studentId: older.id } });
    expect(visibleText((await clerk.get(`${base}/${olderPage.id}`)).text)).toContain('1º figlio iscritto al servizio: nessuna riduzione');
  });

  it('refuses to enroll a student twice in the same service and year, linking the existing enrollment, and changes nothing', async () => {
    const enrolled = await ctx.prisma.enrollment.findFirstOrThrow({
      where: { tenantId: demo.id, service: { code: 'REFEZIONE' } },
      include: { student: true },
    });
    const count = await ctx.prisma.enrollment.count({ where: { tenantId: demo.id } });
    const res = await submitForm(
      clerk,
      `${base}/nuova`,
      base,
      enrollFields(enrolled.student, enrolled.serviceId, enrolled.schoolId, enrolled.classId ?? ''),
    );
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain("L'alunno è già iscritto a questo servizio per l'anno scolastico");
    expect(res.text).toContain(`href="${base}/${enrolled.id}"`);
    expect(res.text).toContain(`value="${enrolled.student.badgeNumber}"`);
    expect(await ctx.prisma.enrollment.count({ where: { tenantId: demo.id } })).toBe(count);
  });

  it('shows the form’s errors in Italian next to the fields, keeping what was typed', async () => {
    const service = await canteen();
    const res = await submitForm(clerk, `${base}/nuova`, base, {
      student: 'NESSUNO',
      serviceId: service.id,
      schoolYear: '2026/2027',
      schoolId: schools.primary.id,
      isee: '12.000,00',
      dsuProtocol: 'PROTOCOLLO',
      startsOn: '31/02/2026',
    });
    expect(res.status).toBe(422);
    const text = visibleText(res.text);
    expect(text).toContain('Il protocollo DSU ha la forma INPS-ISEE-2026-00012345A-00.');
    expect(text).toContain('Inserisci una data valida nel formato gg/mm/aaaa.');
    expect(res.text).toContain('value="12.000,00"');
    expect(res.text).toContain('value="PROTOCOLLO"');
    const noDsu = await submitForm(clerk, `${base}/nuova`, base, {
      ...enrollFields({ badgeNumber: 'NESSUNO' }, service.id, schools.primary.id, ''),
      dsuProtocol: '',
    });
    expect(visibleText(noDsu.text)).toContain("Indica il protocollo della DSU da cui risulta l'ISEE.");
    const unknown = await submitForm(clerk, `${base}/nuova`, base, {
      ...enrollFields({ badgeNumber: 'NESSUNO' }, service.id, schools.primary.id, ''),
      classId: '',
    });
    expect(visibleText(unknown.text)).toContain('Nessun alunno del Comune ha questo codice fiscale o numero di badge.');
    const { older } = await aFamilyOfTwo();
    const past = await submitForm(clerk, `${base}/nuova`, base, {
      ...enrollFields(older, service.id, schools.primary.id, ''),
      classId: '',
      startsOn: '16/11/2026',
    });
    expect(visibleText(past.text)).toContain('il servizio può iniziare al più presto il 18/11/2026');
    expect(await ctx.prisma.enrollment.count({ where: { tenantId: demo.id, studentId: older.id } })).toBe(0);
  });
  it('uses the child’s own rientri when the enrollment sets them, in the kitchen count and in the parent’s calendar', async () => {
    const { older, schoolClass } = await aFamilyOfTwo();
    const service = await canteen();
    const [thursday, monday] = [await kitchenCount('2026-11-19'), await kitchenCount('2026-11-23')];
    const res = await submitForm(clerk, `${base}/nuova`, base, {
      ...enrollFields(older, service.id, schools.primary.id, schoolClass.id),
      mealWeekdays: '1',
    });
    expect(res.status).toBe(302);
    expect(await kitchenCount('2026-11-19')).toBe(thursday);
    expect(await kitchenCount('2026-11-23')).toBe(monday + 1);
    const days = await mealStatusesForStudent(ctx.prisma, older, '2026-11-19', '2026-11-23');
    expect(days.filter((d) => d.runs).map((d) => d.day)).toEqual(['2026-11-23']);
  });
});

describe('withdrawing', () => {
  it('removes the meals from the withdrawal date in the kitchen count, not before, and audits', async () => {
    const meals = await expectedMealsForDay(ctx.prisma, demo.id, '2026-11-20');
    const eating = meals.find((m) => m.status === 'PRESENT')!;
    const [before19, before20, before23] = [
      await kitchenCount('2026-11-19'),
      await kitchenCount('2026-11-20'),
      await kitchenCount('2026-11-23'),
    ];
    const eats19 = (await expectedMealsForDay(ctx.prisma, demo.id, '2026-11-19')).some(
      (m) => m.studentId === eating.studentId && m.status !== 'ABSENT',
    );
    const page = `${base}/${eating.enrollment.id}`;
    const bad = await submitForm(clerk, page, `${page}/ritiro`, { withdrawnOn: '17/11/2026', withdrawalReason: 'Trasferimento' });
    expect(bad.status).toBe(422);
    expect(visibleText(bad.text)).toContain('il ritiro può decorrere al più presto dal 18/11/2026');
    const res = await submitForm(clerk, page, `${page}/ritiro`, {
      withdrawnOn: '20/11/2026',
      withdrawalReason: 'Trasferimento in altro Comune',
    });
    expect(res.status).toBe(302);
    expect(await kitchenCount('2026-11-19')).toBe(before19);
    expect(await kitchenCount('2026-11-20')).toBe(before20 - 1);
    expect((await expectedMealsForDay(ctx.prisma, demo.id, '2026-11-23')).some((m) => m.studentId === eating.studentId)).toBe(false);
    expect(await kitchenCount('2026-11-23')).toBeLessThanOrEqual(before23);
    expect(
      (await expectedMealsForDay(ctx.prisma, demo.id, '2026-11-19')).some((m) => m.studentId === eating.studentId && m.status !== 'ABSENT'),
    ).toBe(eats19);
    expect(await ctx.prisma.enrollment.findUniqueOrThrow({ where: { id: eating.enrollment.id } })).toMatchObject({
      state: 'ENDED',
      endsOn: toDbDate('2026-11-19'),
      withdrawnOn: toDbDate('2026-11-20'),
      withdrawalReason: 'Trasferimento in altro Comune',
    });
    expect(await auditCount(ctx.prisma, demo.id, 'ENROLLMENT_WITHDRAWN')).toBe(1);
    expect(visibleText((await clerk.get(page)).text)).toContain('Ritirata dal 20/11/2026');
  });

  it('lists enrollments with search, sort and paging', async () => {
    const all = await clerk.get(`${base}?ordina=student&verso=desc`);
    expect(all.status).toBe(200);
    expect(all.text).toContain('data-qa="enrollment-row"');
    const service = await canteen();
    const filtered = await clerk.get(`${base}?servizio=${service.id}&anno=2026/2027&q=rossi`);
    expect(visibleText(filtered.text)).toContain('Rossi');
    expect(visibleText(filtered.text)).not.toContain('Trasporto');
    expect((await clerk.get(`${base}?pagina=999`)).status).toBe(200);
  });
});
