import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';

const app = useBrowserApp();

it('a clerk opens the landing page, logs in with password and sees the admin home', async () => {
  const page = await app.browser.newPage();
  await page.goto(`${app.baseUrl}/dimostrativo/`);
  await expect(page.locator('[data-qa="landing-title"]').textContent()).resolves.toContain('Servizi scolastici');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.click('[data-qa="login-link"]');
  await page.fill('#username', 'operatore');
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('[data-qa="local-login-submit"]');
  await page.waitForURL(/\/dimostrativo\/admin$/);
  await expect(page.locator('[data-qa="admin-home-title"]').textContent()).resolves.toContain('Area amministrativa');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, 'clerk-admin-home');
});
