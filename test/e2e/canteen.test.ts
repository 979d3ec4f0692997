// A parent cancels tomorrow's meal in a real browser: SPID login through the test identity provider, the
// canteen calendar, "Disdici" on tomorrow; the day changes, and the caterer's count for tomorrow drops by one.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PARENT, DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { expectedMealsForSchoolDay } from '../../src/features/canteen/meals.ts';
import { openThroughMenu, screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';

const TOMORROW = '2026-11-19';

const app = useBrowserApp({ now: '2026-11-18T07:30:00Z' }); // Wednesday, 08:30 in Rome

async function expectAccessible(page: Page, name: string) {
  const violations = await seriousAccessibilityViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
  await screenshot(page, `canteen-${name}`);
}

async function kitchenTotalFor(page: Page, day: string): Promise<number> {
  await page.goto(`${app.baseUrl}/dimostrativo/cucina?data=${day}`);
  return Number(await page.locator('[data-qa="kitchen-totals"]').getAttribute('data-total'));
}

it('a parent cancels tomorrow from the calendar, sees the day change, and the kitchen count drops by one', async () => {
  const tenant = await app.ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
  const luca = await app.ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
  const expectedBefore = await expectedMealsForSchoolDay(app.ctx.prisma, tenant.id, luca.schoolId, TOMORROW);

  const caterer = await (await app.browser.newContext()).newPage();
  await caterer.goto(`${app.baseUrl}/dimostrativo/accedi`);
  await caterer.fill('#username', 'cucina');
  await caterer.fill('#password', DEMO_PASSWORD);
  await caterer.click('[data-qa="local-login-submit"]');
  await caterer.waitForURL(/\/dimostrativo\/cucina/);
  const before = await kitchenTotalFor(caterer, TOMORROW);

  const page = await (await app.browser.newContext()).newPage();
  await page.goto(`${app.baseUrl}/dimostrativo/`);
  await page.click('[data-qa="login-link"]');
  await page.click('[data-qa="spid-button"]');
  await page.click('[data-qa="spid-idp"]:has-text("Identity provider di test")');
  await page.waitForURL(/\/_dev-idp\/sso\?/);
  const identity = await page.locator(`[data-qa="dev-idp-identity"][value="${DEMO_PARENT.fiscalCode}"]`).getAttribute('id');
  await page.click(`label[for="${identity}"]`);
  await page.click('[data-qa="dev-idp-submit"]');
  await page.waitForURL(/\/dimostrativo\/home$/);

  await openThroughMenu(page, '/dimostrativo/refezione');
  await expect(page.locator('[data-qa="month-label"]').textContent()).resolves.toBe('novembre 2026');
  const tomorrow = page.locator(`[data-qa="day-${TOMORROW}"]`);
  await expect(tomorrow.getAttribute('data-status')).resolves.toBe('PRESENT');
  await expectAccessible(page, 'calendar');

  // keyboard: focus the "Disdici" button of tomorrow and press Enter
  await page.focus(`[data-qa="action-CANCEL-${TOMORROW}"]`);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/dimostrativo\/refezione\?alunno=.*&mese=2026-11$/);
  await expect(page.locator('[data-qa="flash"]').textContent()).resolves.toContain('Pasto di giovedì 19/11/2026 disdetto per Luca Rossi.');
  await expect(page.locator(`[data-qa="day-${TOMORROW}"]`).getAttribute('data-status')).resolves.toBe('ABSENT');
  await expect(page.locator(`[data-qa="day-${TOMORROW}"] [data-qa="day-status"]`).textContent()).resolves.toContain('Disdetto');
  await expectAccessible(page, 'calendar-after-cancel');

  // a closure's reason is reachable with the keyboard
  await page.click('[data-qa="next-month"]');
  await page.focus('[data-qa="day-2026-12-08"] [data-qa="closure-reason"]');
  await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toContain('Immacolata Concezione');

  expect(await kitchenTotalFor(caterer, TOMORROW)).toBe(before - 1);
  const expectedAfter = await expectedMealsForSchoolDay(app.ctx.prisma, tenant.id, luca.schoolId, TOMORROW);
  const eating = (meals: typeof expectedAfter) => meals.filter((m) => m.status !== 'ABSENT').length;
  expect(eating(expectedAfter)).toBe(eating(expectedBefore) - 1);
  await screenshot(caterer, 'canteen-kitchen-after-cancel');
}, 120_000);
