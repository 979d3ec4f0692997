// The demo parent logs in with SPID through the local identity provider, opens every section of the parent area,
// downloads an invoice PDF, and axe-core finds no serious or critical accessibility problem on any page.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PARENT } from '../../prisma/seed/identities.ts';
import { openThroughMenu, screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';
import { pdfText } from '../helpers/pdf.ts';

const checked: string[] = [];

const app = useBrowserApp();

/** Opens a page by clicking or by URL, checks its title and runs axe-core on it. */
async function visit(page: Page, name: string, expectedTitle: string) {
  await expect(page.locator('[data-qa="page-title"]').first().textContent()).resolves.toContain(expectedTitle);
  const violations = await seriousAccessibilityViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
  await screenshot(page, `parent-${name}`);
  checked.push(name);
}

let page: Page;
let base: string;

it('the demo parent logs in with SPID through the test identity provider and lands on the home page', async () => {
  page = await app.browser.newPage({ acceptDownloads: true });
  base = `${app.baseUrl}/dimostrativo`;
  await page.goto(`${base}/accedi`);
  await page.click('[data-qa="spid-button"]');
  await page.click('[data-qa="spid-idp"]:has-text("Identity provider di test")');
  await page.check(`[data-qa="dev-idp-identity"][value="${DEMO_PARENT.fiscalCode}"]`);
  await page.click('[data-qa="dev-idp-submit"]');
  await page.waitForURL(/\/dimostrativo\/home$/);
  await visit(page, 'home', 'La mia area');
  await expect(page.locator('[data-qa="child-card"]').count()).resolves.toBe(2);
}, 120_000);

it('opens the scheda anagrafica, its four tabs, the second child and the delegates', async () => {
  await openThroughMenu(page, '/dimostrativo/anagrafica');
  await visit(page, 'registry-generali', 'Scheda anagrafica');
  for (const [tab, name] of [
    ['Altre informazioni', 'altre'],
    ['Servizi', 'servizi'],
    ['Fascicolo', 'fascicolo'],
  ]) {
    await page.click(`[data-qa="registry-tabs"] >> text=${tab}`);
    await page.waitForURL(new RegExp(`scheda=${name}`));
    await visit(page, `registry-${name}`, 'Scheda anagrafica');
  }
  await page.click('[data-qa="child-switcher"] >> text=Sofia Rossi');
  await page.waitForURL(/alunno=/);
  await visit(page, 'registry-second-child', 'Scheda anagrafica');
  await page.goto(`${base}/anagrafica/delegati`);
  await visit(page, 'delegates', 'Delegati accesso');
}, 120_000);

it('opens the documenti contabili, a document with its tabs, and downloads its PDF', async () => {
  await openThroughMenu(page, '/dimostrativo/documenti');
  await page.waitForURL(/\/documenti$/);
  await visit(page, 'invoices', 'Documenti contabili');
  await page.click('[data-qa="invoice-row"] >> nth=0 >> a >> nth=0');
  await page.waitForURL(/\/documenti\/[0-9a-f-]{36}$/);
  await visit(page, 'invoice-detail', 'Documento contabile n.');
  await page.click('[data-qa="invoice-tabs"] >> text=Pagamenti');
  await page.waitForURL(/scheda=pagamenti/);
  await visit(page, 'invoice-payments', 'Documento contabile n.');
  await page.click('[data-qa="invoice-tabs"] >> text=Allegati');
  await page.waitForURL(/scheda=allegati/);
  await visit(page, 'invoice-attachments', 'Documento contabile n.');
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-qa="invoice-pdf"]')]);
  expect(pdf.suggestedFilename()).toMatch(/^documento-\d+\.pdf$/);
  const text = pdfText(await readFile(await pdf.path()));
  expect(text).toContain('Documento contabile n.');
  expect(text).toContain('Comune Dimostrativo');
  expect(text).toContain('Come pagare');
}, 120_000);

it('opens the conto virtuale, filters a period and opens a movement', async () => {
  await page.goto(`${base}/conto`);
  await visit(page, 'wallet', 'Conto corrente virtuale');
  await page.fill('#dal', '01/10/2026');
  await page.fill('#al', '31/10/2026');
  await page.click('[data-qa="period-filter"] button[type="submit"]');
  await page.waitForURL(/dal=01%2F10%2F2026/);
  await visit(page, 'wallet-period', 'Conto corrente virtuale');
  await page.click('[data-qa="movement-row"] >> nth=0 >> a');
  await page.waitForURL(/\/conto\/movimenti\//);
  await visit(page, 'wallet-movement', 'Movimento del conto');
}, 120_000);

it('reads the news, writes to the office, and opens FAQ and dati obbligatori', async () => {
  await page.goto(`${base}/news`);
  await visit(page, 'news', 'News');
  await page.click('[data-qa="news-item"] >> nth=0 >> a');
  await page.waitForURL(/\/news\/[0-9a-f-]{36}$/);
  await visit(page, 'news-detail', '');

  await page.goto(`${base}/contatti`);
  await visit(page, 'contact', 'Contattaci');
  await page.click('[data-qa="contact-send"]');
  await page.waitForSelector('[data-qa="error-summary"]');
  await visit(page, 'contact-errors', 'Contattaci');
  await page.fill('#oggetto', 'Pasto in bianco');
  await page.fill('#messaggio', 'Buongiorno, come chiedo il pasto in bianco per domani?');
  await page.click('[data-qa="contact-send"]');
  await expect(page.locator('[data-qa="flash"]').textContent()).resolves.toContain('Messaggio inviato');

  await page.goto(`${base}/faq`);
  await visit(page, 'faq', 'Domande frequenti');
  await page.goto(`${base}/dati-obbligatori?ritorno=${encodeURIComponent('/dimostrativo/documenti')}`);
  await visit(page, 'required-data', 'Dati obbligatori');
  expect(checked).toHaveLength(20);
}, 120_000);
