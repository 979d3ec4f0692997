// Paying through pagoPA as a parent does it, in chromium: SPID login via the local identity provider, the
// payments page, the simulator's checkout page, the return page, the receipt PDF; and a top-up avviso paid later.
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PARENT, DEMO_PARENT_BORGOVERDE } from '../../prisma/seed/identities.ts';
import { openThroughMenu, screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';
import { pdfText } from '../helpers/pdf.ts';

const app = useBrowserApp();

async function loginWithSpid(page: Page, slug: string, fiscalCode: string) {
  await page.goto(`${app.baseUrl}/${slug}/accedi`);
  await page.click('[data-qa="spid-button"]');
  await page.click('[data-qa="spid-idp"]:has-text("Identity provider di test")');
  await page.check(`[data-qa="dev-idp-identity"][value="${fiscalCode}"]`);
  await page.click('[data-qa="dev-idp-submit"]');
  await page.waitForURL(new RegExp(`/${slug}/home$`));
}

async function expectAccessible(page: Page, name: string) {
  const violations = await seriousAccessibilityViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
  await screenshot(page, `payments-${name}`);
}

const money = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ').trim();

describe('pagoPA payments in the browser', () => {
  it('the demo parent pays two unpaid documents in the simulator and sees them paid, with a receipt', async () => {
    const page = await app.browser.newPage({ acceptDownloads: true });
    await loginWithSpid(page, 'borgoverde', DEMO_PARENT_BORGOVERDE.fiscalCode);
    await openThroughMenu(page, '/borgoverde/pagamenti');
    await expect(page.locator('[data-qa="page-title"]').textContent()).resolves.toContain('Pagamento servizi scolastici');
    await expectAccessible(page, 'list');

    const rows = page.locator('[data-qa="payable-row"]');
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(2);
    const numbers = [await rows.nth(0).getAttribute('data-number'), await rows.nth(1).getAttribute('data-number')];
    const amounts = await Promise.all(
      [0, 1].map((i) => rows.nth(i).locator('[data-qa="select-document"]').getAttribute('data-amount-cents')),
    );
    await rows.nth(0).locator('[data-qa="select-document"]').check();
    await rows.nth(1).locator('[data-qa="select-document"]').check();
    const expectedTotal = Number(amounts[0]) + Number(amounts[1]);
    const euros = `${Math.floor(expectedTotal / 100)},${String(expectedTotal % 100).padStart(2, '0')} €`;
    await expect
      .poll(async () => money(await page.locator('[data-qa="payment-total"]').textContent()))
      .toContain(euros.replace(/\B(?=(\d{3})+,)/g, '.'));

    await page.click('[data-qa="start-payment"]');
    await page.waitForURL(/\/_pagopa\/checkout\/c\//);
    expect(money(await page.locator('[data-qa="sim-total"]').textContent())).toContain(euros);
    await screenshot(page, 'simulator-checkout');
    await page.click('[data-qa="sim-pay"]');
    await page.waitForURL(/\/borgoverde\/pagamenti\/esito\//);
    await expect(page.locator('[data-qa="outcome-paid"]').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-qa="notice-state"]').allTextContents()).resolves.toEqual(['Pagato', 'Pagato']);
    await expectAccessible(page, 'outcome');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-qa="receipt-download"]').first().click()]);
    expect(download.suggestedFilename()).toMatch(/^ricevuta-pagopa-\d{17}\.pdf$/);
    const text = pdfText(await readFile(await download.path()));
    expect(text).toContain('RICEVUTA DI PAGAMENTO');
    expect(text).toContain('Comune di Borgo Verde');

    await openThroughMenu(page, '/borgoverde/pagamenti');
    await expect(rows.count()).resolves.toBe(before - 2);
    const left = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-number')));
    for (const number of numbers) expect(left).not.toContain(number);
  });

  it('a top-up made as "genera avviso", then paid, raises the balance once', async () => {
    const page = await app.browser.newPage({ acceptDownloads: true });
    await loginWithSpid(page, 'dimostrativo', DEMO_PARENT.fiscalCode);
    await openThroughMenu(page, '/dimostrativo/ricariche');
    await expect(page.locator('[data-qa="page-title"]').textContent()).resolves.toContain('Ricariche con pagoPA');
    await expectAccessible(page, 'topups');
    const child = (await page.locator('[data-qa="topup-alunno"] option').nth(1).getAttribute('value'))!;
    const cents = (text: string) => Number(text.replace(/[^\d,-]/g, '').replace(',', ''));
    await page.goto(`${app.baseUrl}/dimostrativo/conto?alunno=${child}`);
    const balanceBefore = cents(money(await page.locator('[data-qa="wallet-balance"]').first().textContent()));

    await openThroughMenu(page, '/dimostrativo/ricariche');
    await page.selectOption('[data-qa="topup-alunno"]', child);
    await page.selectOption('[data-qa="topup-servizio"]', { index: 1 });
    await page.click('label[for="importo-altro"]');
    await page.fill('#importoLibero', '3');
    await page.click('[data-qa="topup-generate"]');
    await expect(page.locator('[data-qa="field-error"]').first().textContent()).resolves.toContain("L'importo deve essere tra");
    await expect(page.locator('#importoLibero').inputValue()).resolves.toBe('3');
    await page.fill('#importoLibero', '20,50');
    await page.click('[data-qa="topup-generate"]');
    // seed 004: the summary of the top-up first, then "Genera Avviso di pagamento"
    await expect(page.locator('[data-qa="topup-summary-amount"]').textContent()).resolves.toContain('20,50');
    await expectAccessible(page, 'topup-summary');
    await page.click('[data-qa="topup-confirm"]');
    await expect(page.locator('[data-qa="topup-notice"]').count()).resolves.toBe(1);
    await expectAccessible(page, 'topup-generated');

    const [avviso] = await Promise.all([page.waitForEvent('download'), page.click('[data-qa="topup-notice-pdf"]')]);
    const avvisoText = pdfText(await readFile(await avviso.path()));
    expect(avvisoText).toContain('AVVISO DI PAGAMENTO');
    expect(avvisoText.replace(/\u00a0/g, ' ')).toContain('20,50 €');

    // Paid later at a tabaccheria: pagoPA delivers the receipt (here twice) to the Comune.
    const notice = await app.ctx.prisma.paymentNotice.findFirstOrThrow({
      where: { purpose: 'TOP_UP', state: 'VALID', tenant: { slug: 'dimostrativo' } },
    });
    const tenant = await app.ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
    await request(app.baseUrl)
      .post('/_pagopa/sim/payments')
      .send({ creditorFiscalCode: tenant.fiscalCode, noticeNumber: notice.noticeNumber, copies: 2 })
      .expect(201);

    await openThroughMenu(page, '/dimostrativo/ricariche');
    await expect(page.locator('[data-qa="topup-notice"]').count()).resolves.toBe(0);
    await page.goto(`${app.baseUrl}/dimostrativo/conto?alunno=${child}`);
    const balanceAfter = cents(money(await page.locator('[data-qa="wallet-balance"]').first().textContent()));
    expect(balanceAfter - balanceBefore).toBe(2050);
    const movements = await app.ctx.prisma.walletMovement.findMany({
      where: { walletId: notice.walletId!, kind: 'TOP_UP', receiptId: { not: null } },
    });
    expect(movements.filter((m) => m.amountCents === 2050)).toHaveLength(1);
  });
});
