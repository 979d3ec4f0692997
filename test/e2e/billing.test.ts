// November's billing of the post-paid demo Comune, as a clerk and then a parent do it in chromium: the clerk
// previews and confirms the run and watches its progress bar to the end; the parent finds the new invoice, reads
// in its PDF the days charged for each child, and pays it with pagoPA in the simulator.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PARENT_BORGOVERDE, DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { closeDueDays } from '../../src/features/canteen/day-close.ts';
import {
  logInWithPassword,
  logInWithSpid,
  openThroughMenu,
  payDocumentInSimulator,
  screenshot,
  seriousAccessibilityViolations,
  useBrowserApp,
} from '../helpers/browser.ts';
import { pdfText } from '../helpers/pdf.ts';

// 2 December: every November day is over; the demo data was closed up to 18 November, the test closes the rest
const app = useBrowserApp({ jobs: true, now: '2026-12-02T08:30:00Z' });
const SLUG = 'borgoverde';

async function accessible(page: Page, name: string) {
  expect(await seriousAccessibilityViolations(page), name).toEqual([]);
  await screenshot(page, `billing-${name}`);
}

it("a clerk runs November's billing with its progress bar; the parent reads the days charged in the PDF and pays it", async () => {
  const { prisma } = app.ctx;
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: SLUG } });
  await closeDueDays(prisma, tenant, app.ctx.clock.now());
  const canteen = await prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, kind: 'CANTEEN' } });

  const clerk = await app.browser.newPage();
  await logInWithPassword(clerk, app.baseUrl, SLUG, 'operatore', DEMO_PASSWORD);
  await clerk.waitForURL(new RegExp(`/${SLUG}/admin$`));
  await openThroughMenu(clerk, `/${SLUG}/admin/fatturazione`);
  await clerk.waitForSelector('[data-qa="run-form"]');
  await accessible(clerk, 'index');
  await clerk.selectOption('#servizio', canteen.id);
  await clerk.fill('#mese', '2026-11');
  await clerk.click('[data-qa="run-preview"]');
  await clerk.waitForSelector('[data-qa="totals"]');
  await accessible(clerk, 'preview');
  expect(await clerk.locator('[data-qa="anomaly-block"]').count()).toBe(0);
  const previewTotal = await clerk.locator('[data-qa="total-amount"]').textContent();
  const families = Number(await clerk.locator('[data-qa="total-families"]').textContent());
  expect(families).toBeGreaterThan(0);

  await clerk.click('[data-qa="confirm-run"]');
  await clerk.waitForSelector('[data-qa="progress"]');
  // the bar moves by itself (public/js/billing-run.js) and the page reloads once the run is over
  await clerk.waitForSelector('[data-qa="run-state"]:has-text("Completata")', { timeout: 60_000 });
  expect(await clerk.locator('[data-qa="progress"]').getAttribute('aria-valuenow')).toBe('100');
  expect(await clerk.locator('[data-qa="run-total"]').textContent()).toBe(previewTotal);
  expect(await clerk.locator('[data-qa="invoice"]').count()).toBe(Math.min(families, 25));
  await accessible(clerk, 'run-done');

  const guardian = await prisma.guardian.findFirstOrThrow({
    where: { tenantId: tenant.id, fiscalCode: DEMO_PARENT_BORGOVERDE.fiscalCode },
  });
  const invoice = await prisma.invoice.findFirstOrThrow({
    where: { tenantId: tenant.id, guardianId: guardian.id, serviceId: canteen.id, period: '2026-11' },
    include: { lines: true, bookings: { where: { chargedCents: { gt: 0 } } } },
  });
  expect(invoice.totalCents).toBe(invoice.bookings.reduce((sum, b) => sum + b.chargedCents!, 0));

  const parent = await app.browser.newPage({ acceptDownloads: true });
  await logInWithSpid(parent, app.baseUrl, SLUG, DEMO_PARENT_BORGOVERDE.fiscalCode);
  await parent.goto(`${app.baseUrl}/${SLUG}/documenti/${invoice.id}`);
  await parent.waitForSelector('[data-qa="days-charged"]');
  expect(await parent.locator('[data-qa="invoice-child"]').count()).toBe(new Set(invoice.lines.map((l) => l.studentId)).size);
  await accessible(parent, 'parent-invoice');
  await parent.click('[data-qa="invoice-tabs"] >> text=Allegati');
  await parent.waitForURL(/scheda=allegati/);
  const [pdf] = await Promise.all([parent.waitForEvent('download'), parent.click('[data-qa="invoice-pdf"]')]);
  const text = pdfText(await readFile(await pdf.path()));
  expect(text).toContain(`Documento contabile n. ${invoice.number}`);
  expect(text).toMatch(/Pasti addebitati \(\d+\): .*novembre 2026/);

  await payDocumentInSimulator(parent, app.baseUrl, SLUG, invoice.number);
  await expect.poll(async () => (await prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).state).toBe('PAID');
}, 180_000);
