// SPID login in a real browser (Debian's chromium): landing page → "Entra con SPID" → the test identity
// provider → the parent home with her children → "Esci" (Single Logout) back to the landing page; an adult
// with no children sees the refusal page. axe-core checks each of our pages on the way.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADULT_WITHOUT_CHILDREN, DEMO_PARENT } from '../../prisma/seed/identities.ts';
import { screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';

const app = useBrowserApp();

async function expectAccessible(page: Page, name: string) {
  const violations = await seriousAccessibilityViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
  await screenshot(page, `spid-${name}`);
}

/** Picks a person on the test identity provider's page by clicking their label, as a person would. */
async function choose(page: Page, fiscalCode: string) {
  const id = await page.locator(`[data-qa="dev-idp-identity"][value="${fiscalCode}"]`).getAttribute('id');
  await page.click(`label[for="${id}"]`);
}

/** From the landing page through the SPID button to the test identity provider's page. */
async function toTestIdentityProvider(page: Page) {
  await page.goto(`${app.baseUrl}/dimostrativo/`);
  await page.click('[data-qa="login-link"]');
  await page.waitForURL(/\/dimostrativo\/accedi$/);
  await expect(page.locator('[data-qa="spid-idp-list"]').isVisible()).resolves.toBe(false);
  await page.click('[data-qa="spid-button"]');
  await expect(page.locator('[data-qa="spid-button"]').getAttribute('aria-expanded')).resolves.toBe('true');
  await expect(page.locator('[data-qa="spid-idp-list"]').isVisible()).resolves.toBe(true);
  await expectAccessible(page, 'login-page');
  await page.click('[data-qa="spid-idp"]:has-text("Identity provider di test")');
  await page.waitForURL(/\/_dev-idp\/sso\?/);
  await expect(page.locator('[data-qa="dev-idp-title"]').textContent()).resolves.toContain('Identity provider di test');
}

it('the demo parent logs in with SPID, sees her children, and "Esci" brings her back to the landing page', async () => {
  const page = await app.browser.newPage();
  await toTestIdentityProvider(page);
  await expectAccessible(page, 'test-identity-provider');
  await choose(page, DEMO_PARENT.fiscalCode);
  await page.click('[data-qa="dev-idp-submit"]');

  await page.waitForURL(/\/dimostrativo\/home$/);
  await expect(page.locator('[data-qa="logged-user"]').textContent()).resolves.toContain('Maria Rossi');
  const children = await page.locator('[data-qa="child-card"]').allTextContents();
  expect(children.join(' ')).toContain('Luca');
  expect(children.join(' ')).toContain('Sofia');
  await screenshot(page, 'spid-parent-home');

  await page.click('[data-qa="logout"]');
  await page.waitForURL(/\/dimostrativo\/$/);
  await expect(page.locator('[data-qa="landing-title"]').textContent()).resolves.toContain('Servizi scolastici');
  await expect(page.locator('[data-qa="logged-user"]').count()).resolves.toBe(0);
  await expect(page.locator('[data-qa="login-link"]').count()).resolves.toBe(1);
  await page.close();
}, 120_000);

it('an adult with no children sees the refusal page with the office contacts, and stays logged out', async () => {
  const page = await app.browser.newPage();
  await toTestIdentityProvider(page);
  await choose(page, ADULT_WITHOUT_CHILDREN.fiscalCode);
  await page.click('[data-qa="dev-idp-submit"]');

  await page.waitForURL(/\/dimostrativo\/saml\/acs$/);
  await expect(page.locator('[data-qa="not-admitted-message"]').textContent()).resolves.toContain(
    "Consultazione non possibile, verificare il codice fiscale dell'utente",
  );
  await expect(page.locator('[data-qa="office-contacts"]').textContent()).resolves.toContain('istruzione@comune.dimostrativo.example');
  await expect(page.locator('[data-qa="logged-user"]').count()).resolves.toBe(0);
  await expectAccessible(page, 'refusal-page');
  await page.close();
}, 120_000);

it('a cancelled login (ErrorCode nr25) explains itself and leads back to the login page', async () => {
  const page = await app.browser.newPage();
  await toTestIdentityProvider(page);
  await page.selectOption('[data-qa="dev-idp-error-code"]', '25');
  await page.click('[data-qa="dev-idp-error-submit"]');
  await page.waitForURL(/\/dimostrativo\/saml\/acs$/);
  await expect(page.locator('[data-qa="login-failed-title"]').textContent()).resolves.toBe('Accesso annullato');
  await expectAccessible(page, 'idp-error-page');
  await page.click('[data-qa="back-to-login"]');
  await page.waitForURL(/\/dimostrativo\/accedi$/);
  await page.close();
}, 120_000);
