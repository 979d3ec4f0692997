// A clerk of the prepaid demo Comune creates a family with two children and enrolls both in refezione with an
// ISEE band, in chromium; the second child's price shows the sibling reduction, tomorrow's kitchen count grows by
// two, and the parent logs in with SPID and sees both children.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADULT_WITHOUT_CHILDREN, DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { buildFiscalCode } from '../../src/domain/fiscal-code.ts';
import { expectedMealsForDay } from '../../src/features/canteen/expected-meals.ts';
import {
  logInWithPassword,
  logInWithSpid,
  openThroughMenu,
  screenshot,
  seriousAccessibilityViolations,
  useBrowserApp,
} from '../helpers/browser.ts';

const app = useBrowserApp();
const SLUG = 'dimostrativo';
const TOMORROW = '2026-11-19';
const CHILDREN = [
  { firstName: 'Marta', birthDate: '2017-04-02', sex: 'F' },
  { firstName: 'Pietro', birthDate: '2019-09-30', sex: 'M' },
] as const;

async function accessible(page: Page, name: string) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, name);
}

async function mealsTomorrow(tenantId: string): Promise<number> {
  return (await expectedMealsForDay(app.ctx.prisma, tenantId, TOMORROW)).filter((m) => m.status !== 'ABSENT').length;
}

it('a clerk creates a family of two, enrolls both with an ISEE band; the second gets the sibling reduction and the parent sees both', async () => {
  const tenant = await app.ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: SLUG } });
  const schoolClass = await app.ctx.prisma.schoolClass.findFirstOrThrow({
    where: { tenantId: tenant.id, mealWeekdays: { has: 4 } },
    include: { school: true },
  });
  const before = await mealsTomorrow(tenant.id);

  const clerk = await app.browser.newPage();
  await logInWithPassword(clerk, app.baseUrl, SLUG, 'operatore', DEMO_PASSWORD);
  await clerk.waitForURL(new RegExp(`/${SLUG}/admin$`));

  // the family: its intestatario is a person the local identity provider can log in as
  await openThroughMenu(clerk, `/${SLUG}/admin/anagrafica`);
  await clerk.goto(`${app.baseUrl}/${SLUG}/admin/anagrafica/intestatari/nuovo`);
  await clerk.fill('#fiscalCode', ADULT_WITHOUT_CHILDREN.fiscalCode);
  await clerk.fill('#firstName', 'Roberto');
  await clerk.fill('#lastName', 'Neri');
  await clerk.fill('#email', 'roberto.neri@example.com');
  await clerk.fill('#residenceStreet', 'Via Roma 1');
  await clerk.fill('#residenceCity', 'Milano');
  await clerk.fill('#residenceZip', '20100');
  await clerk.fill('#residenceProv', 'MI');
  await accessible(clerk, 'admin-registry-new-family');
  await clerk.click('[data-qa="guardian-save"]');
  await clerk.waitForSelector('[data-qa="add-student"]');
  const familyPage = clerk.url();

  for (const child of CHILDREN) {
    await clerk.goto(familyPage);
    await clerk.click('[data-qa="add-student"]');
    const fiscalCode = buildFiscalCode({ lastName: 'Neri', ...child, cadastralCode: 'F205' });
    await clerk.fill('#fiscalCode', fiscalCode);
    await clerk.fill('#firstName', child.firstName);
    await clerk.fill('#lastName', 'Neri');
    await clerk.fill('#birthDate', child.birthDate);
    await clerk.selectOption('#sex', child.sex);
    await clerk.fill('#birthPlace', 'Milano');
    await clerk.fill('#birthProvince', 'MI');
    await clerk.selectOption('#schoolId', schoolClass.schoolId);
    await clerk.selectOption('#classId', schoolClass.id);
    await clerk.click('[data-qa="student-save"]');
    await clerk.waitForLoadState('load');
  }
  await clerk.goto(familyPage);
  expect(await clerk.locator('[data-qa="family-student"]').count()).toBe(2);
  await accessible(clerk, 'admin-registry-family-of-two');

  const students = await app.ctx.prisma.student.findMany({
    where: { tenantId: tenant.id, guardian: { fiscalCode: ADULT_WITHOUT_CHILDREN.fiscalCode } },
    orderBy: { birthDate: 'asc' },
  });
  expect(students.map((s) => s.firstName)).toEqual(['Marta', 'Pietro']);
  const service = await app.ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'REFEZIONE' } });
  for (const student of students) {
    await clerk.goto(`${app.baseUrl}/${SLUG}/admin/iscrizioni/nuova`);
    await clerk.fill('#student', student.badgeNumber);
    await clerk.selectOption('#serviceId', service.id);
    await clerk.selectOption('#schoolId', schoolClass.schoolId);
    await clerk.selectOption('#classId', schoolClass.id);
    await clerk.fill('#isee', '12.000,00');
    await clerk.fill('#dsuProtocol', 'INPS-ISEE-2026-00012345A-00');
    await clerk.fill('#startsOn', TOMORROW);
    await clerk.click('[data-qa="enroll-submit"]');
    await clerk.waitForLoadState('load');
  }

  // ISEE 12.000 € is FASCIA_2 (3,80 €); Pietro is the second child: −20% = 3,04 €
  await clerk.goto(`${app.baseUrl}/${SLUG}/admin/iscrizioni?q=${students[1].badgeNumber}`);
  const price = (await clerk.locator('[data-qa="enrollment-price"]').first().innerText()).replace(/\s+/g, ' ');
  expect(price).toContain('3,04 €');
  expect(price).toContain('−20%');
  await accessible(clerk, 'admin-enrollments-sibling-price');
  expect(await mealsTomorrow(tenant.id)).toBe(before + 2);

  const parent = await app.browser.newPage();
  await logInWithSpid(parent, app.baseUrl, SLUG, ADULT_WITHOUT_CHILDREN.fiscalCode);
  const home = await parent.locator('main').innerText();
  expect(home).toContain('Marta');
  expect(home).toContain('Pietro');
  await screenshot(parent, 'parent-home-new-family');
});
