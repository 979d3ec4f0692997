import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestContext, type TestContext } from './test-app.ts';

// Debian's chromium, never a downloaded browser. The flags keep it off the closed network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.resolve('test-results/screenshots');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSourcePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core on the page and returns the serious and critical violations (ids and targets). */
export async function seriousAccessibilityViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  // evaluate() runs outside the page's CSP, which (rightly) forbids injected inline scripts.
  await page.evaluate(await readFile(axeSourcePath, 'utf8'));
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
}

export interface BrowserApp {
  ctx: TestContext;
  baseUrl: string;
  browser: Browser;
}

/**
 * For one e2e test file: the real app on its own database, served on loopback (BASE_URL is that server,
 * so SAML and pagoPA round trips come back to it), and a chromium; both torn down after the file.
 */
export function useBrowserApp(options: Parameters<typeof createTestContext>[0] = {}): BrowserApp {
  const handle = {} as BrowserApp;
  beforeAll(async () => {
    handle.ctx = await createTestContext({ demo: true, ...options, listen: true });
    handle.baseUrl = handle.ctx.baseUrl!;
    handle.browser = await launchBrowser();
  });
  afterAll(async () => {
    await handle.browser?.close();
    await handle.ctx?.close();
  });
  return handle;
}

/** A staff member logs in with username and password on the Comune's login page. */
export async function logInWithPassword(page: Page, baseUrl: string, slug: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/${slug}/accedi`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('[data-qa="local-login-submit"]');
}

/** A person logs in with SPID through the local test identity provider and lands on the parent home. */
export async function logInWithSpid(page: Page, baseUrl: string, slug: string, fiscalCode: string): Promise<void> {
  await page.goto(`${baseUrl}/${slug}/accedi`);
  await page.click('[data-qa="spid-button"]');
  await page.click('[data-qa="spid-idp"]:has-text("Identity provider di test")');
  // Bootstrap Italia hides the radio itself: a person clicks its label
  await page.click(`label:has-text("${fiscalCode}")`);
  await page.click('[data-qa="dev-idp-submit"]');
  await page.waitForURL(new RegExp(`/${slug}/home$`));
}

/** The parent pays one document of Pagamenti in the pagoPA simulator and lands on the outcome page, paid. */
export async function payDocumentInSimulator(page: Page, baseUrl: string, slug: string, number: string): Promise<void> {
  await page.goto(`${baseUrl}/${slug}/pagamenti`);
  await page.locator(`[data-qa="payable-row"][data-number="${number}"] [data-qa="select-document"]`).check();
  await page.click('[data-qa="start-payment"]');
  await page.waitForURL(/\/_pagopa\/checkout\/c\//);
  await page.click('[data-qa="sim-pay"]');
  await page.waitForURL(new RegExp(`/${slug}/pagamenti/esito/`));
  expect(await page.locator('[data-qa="outcome-paid"]').isVisible()).toBe(true);
}

/** Opens a section through the header's menu as a person would: the burger on phones, then the group, then the link. */
export async function openThroughMenu(page: Page, href: string): Promise<void> {
  const nav = page.locator('[data-qa="main-nav"]');
  const toggle = page.locator('[data-qa="menu-toggle"]');
  if (await toggle.isVisible()) {
    await toggle.click();
    await expect.poll(() => page.locator('#main-menu').isVisible()).toBe(true);
  }
  const link = nav.locator(`a[href="${href}"]`);
  if (!(await link.isVisible()))
    await nav
      .locator('li.dropdown', { has: page.locator(`a[href="${href}"]`) })
      .locator('.dropdown-toggle')
      .click();
  await link.click();
  // an area's entry may redirect to its first page (admin/anagrafica → admin/anagrafica/…)
  await page.waitForURL((url) => url.pathname === href || url.pathname.startsWith(`${href}/`));
}
