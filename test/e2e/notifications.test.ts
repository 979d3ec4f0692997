// A clerk confirms November's billing in chromium, the real job queue runs it and sends its messages: the demo
// parent's e-mail is read in /_mail with its avviso attached, IO's simulator shows the message with its payment
// data, and the parent follows the e-mail's link and pays.
import { expect, it } from 'vitest';
import { DEMO_PARENT_BORGOVERDE, DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { closeDueDays } from '../../src/features/canteen/day-close.ts';
import {
  logInWithPassword,
  logInWithSpid,
  payDocumentInSimulator,
  screenshot,
  seriousAccessibilityViolations,
  useBrowserApp,
} from '../helpers/browser.ts';
import { pdfText } from '../helpers/pdf.ts';

const app = useBrowserApp({ now: '2026-12-01T07:30:00Z', jobs: true });
const SLUG = 'borgoverde';
const PARENT = DEMO_PARENT_BORGOVERDE;

it('a confirmed billing run reaches the parent by e-mail and on IO, and the parent pays from the link', async () => {
  const { ctx } = app;
  const tenant = await ctx.prisma.tenant.update({ where: { slug: SLUG }, data: { ioApiKey: 'io-key-borgoverde-mensa-0001' } });
  await closeDueDays(ctx.prisma, tenant, ctx.clock.now());
  const canteen = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'REFEZIONE' } });
  const page = await app.browser.newPage({ acceptDownloads: true });
  await logInWithPassword(page, app.baseUrl, SLUG, 'operatore', DEMO_PASSWORD);
  await page.goto(`${app.baseUrl}/${SLUG}/admin/fatturazione`);
  await page.selectOption('#servizio', canteen.id);
  await page.fill('#mese', '2026-11');
  await page.click('[data-qa="run-preview"]');
  await page.waitForSelector('[data-qa="total-families"]');
  await page.click('[data-qa="confirm-run"]');
  await page.waitForSelector('[data-qa="run-state"]:has-text("Completata")', { timeout: 60_000 });

  const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode: PARENT.fiscalCode } });
  const invoice = await ctx.prisma.invoice.findFirstOrThrow({
    where: { tenantId: tenant.id, guardianId: guardian.id, period: '2026-11', billingRunId: { not: null } },
    include: { noticeItems: { include: { notice: true } } },
  });
  const notice = invoice.noticeItems[0].notice;
  await expect.poll(() => ctx.mail.to(guardian.email!).length, { timeout: 30_000 }).toBeGreaterThan(0);

  // the e-mail in /_mail, with the avviso attached
  await page.goto(`${app.baseUrl}/_mail`);
  await page.click(`[data-qa="mail-list"] a:has-text("documento n. ${invoice.number}")`);
  expect(await page.locator('[data-qa="mail-to"]').textContent()).toContain(guardian.email);
  const text = (await page.locator('[data-qa="mail-text"]').textContent())!;
  expect(text).toContain(notice.noticeNumber);
  await screenshot(page, 'notifications-mail');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-qa="mail-attachments"] a`)]);
  expect(download.suggestedFilename()).toBe(`avviso-pagopa-${notice.noticeNumber}.pdf`);
  const pdf = await (await fetch(`${app.baseUrl}${new URL(download.url()).pathname}`)).arrayBuffer();
  expect(pdfText(Buffer.from(pdf)).replace(/\s+/g, '')).toContain(notice.noticeNumber);

  // the IO message with its payment data
  await page.goto(`${app.baseUrl}/_io/messaggi/${PARENT.fiscalCode}`);
  const message = page.locator('[data-qa="io-message"]').first();
  expect(await message.locator('[data-qa="io-subject"]').textContent()).toContain(invoice.number);
  expect(await message.locator('[data-qa="io-notice-number"]').textContent()).toBe(notice.noticeNumber);
  expect(await message.locator('[data-qa="io-amount"]').textContent()).toContain((notice.amountCents / 100).toFixed(2).replace('.', ','));
  await screenshot(page, 'notifications-io');

  // the parent follows the link of the e-mail and pays the new document
  const link = text.match(/https?:\/\/\S+\/pagamenti/)![0];
  const parent = await app.browser.newPage();
  await logInWithSpid(parent, app.baseUrl, SLUG, PARENT.fiscalCode);
  await parent.goto(link);
  await payDocumentInSimulator(parent, app.baseUrl, SLUG, invoice.number);
  await expect.poll(async () => (await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).state).toBe('PAID');

  // the parent's Comunicazioni lists what was sent, on both channels
  await parent.goto(`${app.baseUrl}/${SLUG}/comunicazioni`);
  const rows = parent.locator('[data-qa="notification-row"][data-kind="INVOICE_ISSUED"][data-outcome="SENT"]');
  expect(await rows.count()).toBe(2);
  expect(await seriousAccessibilityViolations(parent)).toEqual([]);
  await screenshot(parent, 'notifications-parent-list');
});
