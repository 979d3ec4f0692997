// The cashier's desk in chromium: a cashier finds a parent by fiscal code, prints a notice, takes it in cash; the
// parent, logged in with SPID, sees the document paid and downloads the desk receipt.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_PARENT_BORGOVERDE } from '../../prisma/seed/identities.ts';
import { logInWithPassword, logInWithSpid, screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';
import { pdfText } from '../helpers/pdf.ts';

const app = useBrowserApp();
const SLUG = 'borgoverde';

describe('the desk in the browser', () => {
  it('a cashier finds a parent by CF, prints a notice, records a cash payment; the parent sees the document paid', async () => {
    const desk = await app.browser.newPage({ acceptDownloads: true });
    await logInWithPassword(desk, app.baseUrl, SLUG, 'cassa', 'Demo2026!');
    await desk.goto(`${app.baseUrl}/${SLUG}/sportello`);
    await desk.fill('#q', DEMO_PARENT_BORGOVERDE.fiscalCode.toLowerCase());
    await desk.click('[data-qa="desk-search-submit"]');
    await expect(desk.locator('[data-qa="desk-result"]').count()).resolves.toBe(1);
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);
    await desk.click('[data-qa="desk-result-link"]');
    await expect(desk.locator('[data-qa="desk-guardian-cf"]').textContent()).resolves.toBe(DEMO_PARENT_BORGOVERDE.fiscalCode);
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);

    const row = desk.locator('[data-qa="desk-row"]').first();
    const number = (await row.getAttribute('data-number'))!;
    const [download] = await Promise.all([desk.waitForEvent('download'), row.locator('[data-qa="desk-print-notice"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^avviso-pagopa-\d{18}\.pdf$/);
    const noticeNumber = /(\d{18})/.exec(download.suggestedFilename())![1];
    const notice = pdfText(await readFile(await download.path()));
    expect(notice).toContain(noticeNumber.match(/.{1,4}/g)!.join(' '));
    expect(notice).toContain(DEMO_PARENT_BORGOVERDE.fiscalCode);

    await desk.goto(desk.url());
    await desk.locator(`[data-qa="desk-row"][data-number="${number}"] [data-qa="desk-pay-cash"]`).click();
    await expect(desk.locator('[data-qa="flash"]').textContent()).resolves.toContain('Pagamento di');
    await expect(desk.locator(`[data-qa="desk-row"][data-number="${number}"]`).count()).resolves.toBe(0);
    await expect(desk.locator('[data-qa="desk-payment"]').count()).resolves.toBe(1);
    await screenshot(desk, 'desk-family-paid');
    await desk.goto(`${app.baseUrl}/${SLUG}/sportello/giornata`);
    await expect(desk.locator('[data-qa="desk-day-cashier"]').count()).resolves.toBe(1);
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);

    const parent = await (await app.browser.newContext({ acceptDownloads: true })).newPage();
    await logInWithSpid(parent, app.baseUrl, SLUG, DEMO_PARENT_BORGOVERDE.fiscalCode);
    await parent.goto(`${app.baseUrl}/${SLUG}/documenti`);
    const invoice = parent.locator('[data-qa="invoice-row"]', { has: parent.locator(`a:text-is("${number}")`) });
    await expect(invoice.locator('.badge').textContent()).resolves.toMatch(/Pagat/);
    const [receipt] = await Promise.all([parent.waitForEvent('download'), invoice.locator('[data-qa="receipt-download"]').click()]);
    const text = pdfText(await readFile(await receipt.path()));
    expect(text).toContain('RICEVUTA DI PAGAMENTO');
    expect(text).toContain('sportello');
  }, 120_000);
});
