import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { openThroughMenu, screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';

const app = useBrowserApp({ now: '2026-11-18T08:30:00Z' }); // 09:30 in Rome

async function login(page: Page, username: string) {
  await page.goto(`${app.baseUrl}/dimostrativo/accedi`);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('[data-qa="local-login-submit"]');
}

async function accessible(page: Page, name: string) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, name);
}

it('a clerk goes through the canteen back office: calendar, menus, attendance, kitchen count', async () => {
  const page = await app.browser.newPage();
  await login(page, 'operatore');
  await page.waitForURL(/\/dimostrativo\/admin$/);
  await openThroughMenu(page, '/dimostrativo/admin/refezione');
  await accessible(page, 'admin-canteen-index');

  await page.locator('a', { hasText: 'Calendario' }).last().click();
  await page.waitForLoadState();
  await expect(page.locator('[data-qa="calendar-title"]').textContent()).resolves.toContain('Calendario del servizio mensa');
  await page.fill('#extraDate', '2026-11-26');
  await page.fill('#extraReason', 'Sciopero del personale');
  await page.click('[data-qa="extraordinary-form"] button[type="submit"]');
  await page.waitForURL(/\/calendario\?anno=/); // the redirect after the POST
  await expect(page.locator('[data-qa="flash"]').textContent()).resolves.toContain('Chiusura straordinaria registrata');
  await expect(page.locator('[data-qa="closures"]').textContent()).resolves.toContain('Sciopero del personale');
  await accessible(page, 'admin-canteen-calendar');

  const schoolBase = page.url().replace(/\/calendario.*$/, '');
  await page.goto(`${schoolBase}/menu?settimana=2026-11-23`);
  await accessible(page, 'admin-canteen-menu-week');
  await page.goto(`${schoolBase}/menu/2026-11-23`);
  await accessible(page, 'admin-canteen-menu-day');
  await page.goto(`${schoolBase}/presenze?data=2026-11-17`);
  await expect(page.locator('[data-qa="day-state"]').textContent()).resolves.toContain('Giornata chiusa');
  await accessible(page, 'admin-canteen-attendance');
});

it('the caterer lands on today’s kitchen count, printable', async () => {
  const page = await app.browser.newPage();
  await login(page, 'cucina');
  await page.waitForURL(/\/dimostrativo\/cucina$/);
  await expect(page.locator('[data-qa="kitchen-final"]').textContent()).resolves.toContain('18/11/2026');
  await accessible(page, 'kitchen-report');
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('header.it-header-wrapper').isVisible()).toBe(false);
  expect(await page.locator('[data-qa="kitchen-report"]').isVisible()).toBe(true);
  await screenshot(page, 'kitchen-report-print');
});
