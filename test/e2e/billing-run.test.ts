// A clerk bills November for borgoverde in chromium: preview, confirm, and the progress bar followed live (the
// page polls the run's status) until the run is done and its invoices are listed.
import pino from 'pino';
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { closeDueDays } from '../../src/features/canteen/day-close.ts';
import { runBillingRun } from '../../src/features/billing/worker.ts';
import { createPagoPaGateway } from '../../src/pagopa/index.ts';
import { logInWithPassword, screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';

// 1 December before the cutoff: November is over and its days can be closed
const app = useBrowserApp({ now: '2026-12-01T07:30:00Z' });
const SLUG = 'borgoverde';

it('a clerk previews and confirms November, and the progress bar follows the run to the end', async () => {
  const { ctx } = app;
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: SLUG } });
  await closeDueDays(ctx.prisma, tenant, ctx.clock.now());
  const canteen = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'REFEZIONE' } });
  const page = await app.browser.newPage();
  await logInWithPassword(page, app.baseUrl, SLUG, 'operatore', DEMO_PASSWORD);

  await page.goto(`${app.baseUrl}/${SLUG}/admin/fatturazione`);
  await page.selectOption('#servizio', canteen.id);
  await page.fill('#mese', '2026-11');
  await page.click('[data-qa="run-preview"]');
  await page.waitForSelector('[data-qa="total-families"]');
  expect(await page.locator('[data-qa="anomaly-block"]').count()).toBe(0);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, 'billing-preview');
  const families = Number(await page.locator('[data-qa="total-families"]').textContent());

  await page.click('[data-qa="confirm-run"]');
  await page.waitForSelector('[data-qa="run-state"]:has-text("In coda")');
  const runId = page.url().split('/').at(-1)!;
  expect(await page.locator('[data-qa="progress"]').getAttribute('aria-valuenow')).toBe('0');

  // the job the page queued, run here as the queue's worker would (one family per chunk: many steps to follow)
  const deps = {
    prisma: ctx.prisma,
    pagopa: createPagoPaGateway(ctx.config),
    clock: ctx.clock,
    logger: pino({ level: 'silent' }),
    config: ctx.config,
  };
  const seen = new Set<string>();
  const watching = (async () => {
    for (let i = 0; i < 200 && !seen.has('100'); i++) {
      const now = await page
        .locator('[data-qa="progress"]')
        .getAttribute('aria-valuenow')
        .catch(() => null);
      if (now) seen.add(now);
      await page.waitForTimeout(100);
    }
  })();
  await runBillingRun(deps, runId, { chunkSize: 1, afterChunk: () => new Promise((resolve) => setTimeout(resolve, 150)) });
  await page.waitForSelector('[data-qa="run-state"]:has-text("Completata")', { timeout: 15_000 });
  await watching;
  // the bar moved through values between 0 and 100 without a reload, then the page reloaded with the invoices
  expect([...seen].some((v) => Number(v) > 0 && Number(v) < 100)).toBe(true);
  expect(await page.locator('[data-qa="progress"]').getAttribute('aria-valuenow')).toBe('100');
  expect(await page.locator('[data-qa="invoice"]').count()).toBe(Math.min(families, 25));
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, 'billing-run-done');
});
