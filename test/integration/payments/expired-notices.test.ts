import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { runNoticesExpiry } from '../../../src/jobs/notices-expiry.ts';
import { TEST_PASSWORD } from '../../helpers/builders.ts';
import { loginWithPassword, submitForm } from '../../helpers/http.ts';
import { aPayingFamily, aTopUpAvviso, startSpontaneousPayment, type PayingFamily } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ listen: true });

type Family = PayingFamily;

const ISSUED_AT = '2026-11-18T07:30:00Z';
// 19/12/2026 in Rome: the day after a top-up avviso issued on 18/11 was due.
const AFTER_TOP_UP_DUE = '2026-12-19T08:00:00Z';

const runJob = () => runNoticesExpiry({ prisma: ctx.prisma, pool: ctx.pool, clock: ctx.clock, logger: pino({ level: 'silent' }) });

const topUpAvviso = (family: Family) => aTopUpAvviso(ctx, family);

/** Moves the clock on and logs the parent in again (a month later the old session has long expired). */
async function laterOn(family: Family, instant: string) {
  ctx.setNow(instant);
  const account = await ctx.prisma.localAccount.findFirstOrThrow({ where: { guardianId: family.guardian.id } });
  const login = await loginWithPassword(family.agent, family.tenant.slug, account.username, TEST_PASSWORD);
  expect(login.status).toBe(302);
}

const text = (html: string) => html.replace(/\u00a0/g, ' ').replace(/&#39;/g, "'");

describe('an expired avviso on the parent pages', () => {
  it('Ricariche shows it "Scaduto", with no print, pay or delete, and the parent generates a new one', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx);
    const expired = await topUpAvviso(family);
    const before = await family.agent.get(`/${family.tenant.slug}/ricariche`);
    expect(text(before.text)).toContain('da pagare entro il 18/12/2026');
    expect(before.text).toContain('data-qa="topup-notice-pdf"');

    await laterOn(family, AFTER_TOP_UP_DUE);
    await runJob();
    const page = await family.agent.get(`/${family.tenant.slug}/ricariche`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-state="EXPIRED"');
    expect(page.text).toContain('>Scaduto</span>');
    expect(text(page.text)).toContain('scaduto il 18/12/2026');
    for (const action of ['topup-notice-pdf', 'topup-notice-pay', 'topup-notice-delete'])
      expect(page.text).not.toContain(`data-qa="${action}"`);
    expect(page.text).toContain('data-qa="topup-notice-renew"');

    // Neither downloadable nor payable by its old links.
    await family.agent.get(`/${family.tenant.slug}/pagamenti/avvisi/${expired.id}/pdf`).expect(404);
    const pay = await submitForm(
      family.agent,
      `/${family.tenant.slug}/ricariche`,
      `/${family.tenant.slug}/ricariche/avvisi/${expired.id}/paga`,
      {},
    );
    expect(text(pay.text)).toContain(`L'avviso ${expired.iuv} è scaduto`);
    expect(await ctx.prisma.checkoutCart.count({ where: { tenantId: family.tenant.id } })).toBe(0);

    const renewed = await submitForm(
      family.agent,
      `/${family.tenant.slug}/ricariche`,
      `/${family.tenant.slug}/ricariche/avvisi/${expired.id}/rinnova`,
      {},
    );
    expect(renewed.status).toBe(303);
    const notices = await ctx.prisma.paymentNotice.findMany({ where: { tenantId: family.tenant.id }, orderBy: { createdAt: 'asc' } });
    expect(notices.map((n) => [n.state, n.amountCents, n.walletId, n.dueOn?.toISOString().slice(0, 10)])).toEqual([
      ['EXPIRED', 2000, family.wallet.id, '2026-12-18'],
      ['VALID', 2000, family.wallet.id, '2027-01-18'],
    ]);
    expect(notices[1].noticeNumber).not.toBe(notices[0].noticeNumber);
    const after = await family.agent.get(`/${family.tenant.slug}/ricariche`);
    expect(after.text.match(/data-qa="topup-notice"/g)).toHaveLength(2);
    expect(after.text).toContain(`/pagamenti/avvisi/${notices[1].id}/pdf`);

    // A notice still valid is not "renewed".
    const again = await submitForm(
      family.agent,
      `/${family.tenant.slug}/ricariche`,
      `/${family.tenant.slug}/ricariche/avvisi/${notices[1].id}/rinnova`,
      {},
    );
    expect(text(again.text)).toContain('Questo avviso non è scaduto');
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id } })).toBe(2);
  });

  it('Pagamento shows it "Scaduto" without a checkbox or print icon, even before the job has run, and refuses to put it in a cart', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx, { invoices: [4500] });
    const expired = await topUpAvviso(family);
    await laterOn(family, AFTER_TOP_UP_DUE);
    const page = await family.agent.get(`/${family.tenant.slug}/pagamenti`);
    const row = new RegExp(`<tr data-qa="payable-row" data-number="${expired.iuv}" data-state="EXPIRED">([\\s\\S]*?)</tr>`).exec(page.text);
    expect(row).not.toBeNull();
    expect(row![1]).toContain('>Scaduto</span>');
    expect(row![1]).not.toContain('name="documenti"');
    expect(row![1]).not.toContain('/pdf');
    expect(row![1]).toContain(`/ricariche/avvisi/${expired.id}/rinnova`);
    // The invoice next to it is payable as before.
    expect(page.text).toContain(`value="i:${family.invoices[0].id}"`);

    const refused = await submitForm(family.agent, `/${family.tenant.slug}/pagamenti`, `/${family.tenant.slug}/pagamenti/avvia`, {
      documenti: `n:${expired.id}`,
    });
    expect(text(refused.text)).toContain(`L'avviso ${expired.iuv} è scaduto`);
    expect(await ctx.prisma.checkoutCart.count({ where: { tenantId: family.tenant.id } })).toBe(0);
    // Refusing it also recorded the expiry, as the job would have.
    expect((await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id: expired.id } })).state).toBe('EXPIRED');
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: family.tenant.id, action: 'NOTICE_EXPIRED' } })).toBe(1);
  });

  it('an expired spontaneous notice frees its invoices: payable and offered again for a new spontaneous payment', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx, { invoices: [4500] });
    expect((await startSpontaneousPayment(family, '2026-09')).status).toBe(303);
    const form = await family.agent.get(`/${family.tenant.slug}/pagamenti/spontaneo`);
    expect(form.text).not.toContain('value="2026-09"');

    await laterOn(family, '2026-11-26T08:00:00Z');
    await runJob();
    const spontaneous = await ctx.prisma.paymentNotice.findFirstOrThrow({ where: { tenantId: family.tenant.id, purpose: 'SPONTANEOUS' } });
    expect(spontaneous.state).toBe('EXPIRED');
    const offered = await family.agent.get(`/${family.tenant.slug}/pagamenti/spontaneo`);
    expect(offered.text).toContain('value="2026-09"');

    // Printing the invoice's avviso issues a fresh invoice notice (which does not expire).
    const printed = await submitForm(
      family.agent,
      `/${family.tenant.slug}/pagamenti`,
      `/${family.tenant.slug}/pagamenti/documenti/${family.invoices[0].id}/avviso`,
      {},
    );
    expect(printed.status).toBe(303);
    const fresh = await ctx.prisma.paymentNotice.findFirstOrThrow({ where: { tenantId: family.tenant.id, purpose: 'INVOICE' } });
    expect(fresh).toMatchObject({ state: 'VALID', amountCents: 4500 });
    expect(printed.headers.location).toBe(`/${family.tenant.slug}/pagamenti/avvisi/${fresh.id}/pdf`);
  });
});
