import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { checkNoticeNumber } from '../../../src/domain/notice-number.ts';
import { pullReceipts } from '../../../src/jobs/receipts-pull.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { csrfTokenFrom, submitForm } from '../../helpers/http.ts';
import { aPayingFamily, pathOf, simulatePayment } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import pino from 'pino';

const ctx = useTestContext({ listen: true });

const keysOf = (invoices: { id: string }[]) => invoices.map((invoice) => `i:${invoice.id}`);

/** Starts a payment from the parent's page and follows the redirect to the simulator's checkout page. */
async function startPayment(family: Awaited<ReturnType<typeof aPayingFamily>>, keys: string[]) {
  const started = await submitForm(family.agent, `/${family.tenant.slug}/pagamenti`, `/${family.tenant.slug}/pagamenti/avvia`, {
    documenti: keys,
  });
  expect(started.status).toBe(303);
  const checkoutUrl = started.headers.location;
  expect(checkoutUrl.startsWith(`${ctx.baseUrl}/_pagopa/checkout/c/`)).toBe(true);
  return pathOf(checkoutUrl);
}

async function choose(family: Awaited<ReturnType<typeof aPayingFamily>>, checkoutPath: string, fields: Record<string, string>) {
  const page = await family.agent.get(checkoutPath);
  expect(page.status).toBe(200);
  const done = await family.agent.post(checkoutPath).type('form').send(fields);
  expect(done.status).toBe(303);
  return pathOf(done.headers.location);
}

describe('Pagamento servizi scolastici over HTTP against the simulator', () => {
  it('pays a cart of 5: receipts pushed, invoices paid, return page says "pagato"', async () => {
    const family = await aPayingFamily(ctx, { invoices: [1300, 4500, 4500, 4500, 5500] });
    const list = await family.agent.get(`/${family.tenant.slug}/pagamenti`);
    expect(list.status).toBe(200);
    expect(list.text.match(/data-qa="payable-row"/g)).toHaveLength(5);

    const checkoutPath = await startPayment(family, keysOf(family.invoices));
    const checkoutPage = await family.agent.get(checkoutPath);
    expect(checkoutPage.text).toContain('203,00');
    const back = await choose(family, checkoutPath, { action: 'paga', consegna: 'push' });
    expect(back).toMatch(new RegExp(`^/${family.tenant.slug}/pagamenti/esito/[0-9a-f-]{36}\\?esito=ok$`));

    const outcome = await family.agent.get(back);
    expect(outcome.status).toBe(200);
    expect(outcome.text).toContain('data-qa="outcome-paid"');
    expect(outcome.text.match(/data-qa="receipt-download"/g)).toHaveLength(5);

    const invoices = await ctx.prisma.invoice.findMany({ where: { tenantId: family.tenant.id } });
    expect(invoices.every((invoice) => invoice.state === 'PAID' && invoice.paidCents === invoice.totalCents)).toBe(true);
    const notices = await ctx.prisma.paymentNotice.findMany({ where: { tenantId: family.tenant.id } });
    expect(notices).toHaveLength(5);
    for (const notice of notices) {
      expect(notice.state).toBe('PAID');
      expect(checkNoticeNumber(notice.noticeNumber)).toEqual({ wellFormed: true, checkDigitsOk: true });
      expect(notice.noticeNumber).toMatch(new RegExp(`^3${family.tenant.segregationCode}\\d{15}$`));
    }
    expect(await ctx.prisma.receipt.count({ where: { tenantId: family.tenant.id, status: 'APPLIED' } })).toBe(5);
    const cart = await ctx.prisma.checkoutCart.findFirstOrThrow({ where: { tenantId: family.tenant.id } });
    expect(cart.state).toBe('COMPLETED');

    const receiptPdf = await family.agent.get(`/${family.tenant.slug}/pagamenti/ricevute/${notices[0].id}/pdf`);
    expect(receiptPdf.status).toBe(200);
    expect(receiptPdf.headers['content-type']).toBe('application/pdf');
  });

  it('refuses a 6th document with a clear message, keeping the selection and creating nothing', async () => {
    const family = await aPayingFamily(ctx, { invoices: [1000, 1000, 1000, 1000, 1000, 1000] });
    const refused = await submitForm(family.agent, `/${family.tenant.slug}/pagamenti`, `/${family.tenant.slug}/pagamenti/avvia`, {
      documenti: keysOf(family.invoices),
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Puoi pagare al massimo 5 documenti alla volta');
    expect(refused.text.match(/data-qa="select-document" checked/g)).toHaveLength(6);
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id } })).toBe(0);
    expect(await ctx.prisma.checkoutCart.count({ where: { tenantId: family.tenant.id } })).toBe(0);
  });

  it('the simulator itself answers 422 to a cart of 6 or with a duplicate notice', async () => {
    const notice = (n: number) => ({
      noticeNumber: `30200000000000${String(n).padStart(4, '0')}`,
      fiscalCode: '80012345678',
      amount: 100,
      companyName: 'Comune',
      description: 'x',
    });
    const returnUrls = {
      returnOkUrl: 'http://x/ok',
      returnCancelUrl: 'http://x/ko',
      returnErrorUrl: 'http://x/err',
      returnWaitingUrl: 'http://x/wait',
    };
    const six = await request(ctx.baseUrl!)
      .post('/_pagopa/checkout/carts')
      .send({ paymentNotices: [1, 2, 3, 4, 5, 6].map(notice), returnUrls });
    expect(six.status).toBe(422);
    const duplicate = await request(ctx.baseUrl!)
      .post('/_pagopa/checkout/carts')
      .send({ paymentNotices: [notice(1), notice(1)], returnUrls });
    expect(duplicate.status).toBe(422);
    const gateway = createPagoPaGateway(ctx.config);
    await expect(
      gateway.startCheckout({
        idCart: 'dup',
        notices: [1, 1].map((n) => ({
          noticeNumber: notice(n).noticeNumber,
          creditorFiscalCode: '80012345678',
          amountCents: 100,
          companyName: 'Comune',
          description: 'x',
        })),
        returnUrls,
      }),
    ).rejects.toMatchObject({ name: 'PagoPaRefusedError', status: 422 });
  });

  it('says "in corso di verifica" until the receipt arrives (pull job), then "pagato"', async () => {
    const family = await aPayingFamily(ctx, { invoices: [2500] });
    const checkoutPath = await startPayment(family, keysOf(family.invoices));
    const back = await choose(family, checkoutPath, { action: 'paga', consegna: 'pull' });
    const waiting = await family.agent.get(back);
    expect(waiting.text).toContain('data-qa="outcome-pending"');
    expect(waiting.text).not.toContain('data-qa="outcome-paid"');

    const pulled = await pullReceipts({
      prisma: ctx.prisma,
      pagopa: createPagoPaGateway(ctx.config),
      clock: ctx.clock,
      logger: pino({ level: 'silent' }),
    });
    expect(pulled.applied).toBeGreaterThanOrEqual(1);
    const paid = await family.agent.get(back);
    expect(paid.text).toContain('data-qa="outcome-paid"');
  });

  it('receipt before the parent returns: already paid when the return page is opened', async () => {
    const family = await aPayingFamily(ctx, { invoices: [3100] });
    const checkoutPath = await startPayment(family, keysOf(family.invoices));
    const back = await choose(family, checkoutPath, { action: 'paga', consegna: 'push' });
    const invoice = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } });
    expect(invoice.state).toBe('PAID');
    const page = await family.agent.get(back);
    expect(page.text).toContain('data-qa="outcome-paid"');
  });

  it('error return, then a successful receipt: never "paid" on the URL, paid on the receipt', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4200] });
    const checkoutPath = await startPayment(family, keysOf(family.invoices));
    const back = await choose(family, checkoutPath, { action: 'errore' });
    expect(back).toContain('esito=errore');
    const errorPage = await family.agent.get(back);
    expect(errorPage.text).toContain('data-qa="outcome-failed"');
    expect(errorPage.text).toContain('Il pagamento non è andato a buon fine');
    const notice = await ctx.prisma.paymentNotice.findFirstOrThrow({ where: { tenantId: family.tenant.id } });
    expect(notice.state).toBe('VALID');

    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber });
    const paid = await family.agent.get(back);
    expect(paid.text).toContain('data-qa="outcome-paid"');
    const cart = await ctx.prisma.checkoutCart.findFirstOrThrow({ where: { tenantId: family.tenant.id } });
    expect(cart.state).toBe('COMPLETED');
  });

  it('a foreign cart or notice is 404', async () => {
    const one = await aPayingFamily(ctx, { invoices: [1000] });
    const other = await aPayingFamily(ctx, { invoices: [1000], tenant: one.tenant, firstInvoiceNumber: 900 });
    const checkoutPath = await startPayment(one, keysOf(one.invoices));
    const back = await choose(one, checkoutPath, { action: 'annulla' });
    const cartId = /esito\/([0-9a-f-]{36})/.exec(back)![1];
    expect((await other.agent.get(`/${one.tenant.slug}/pagamenti/esito/${cartId}`)).status).toBe(404);
    const notice = await ctx.prisma.paymentNotice.findFirstOrThrow({ where: { tenantId: one.tenant.id } });
    expect((await one.agent.get(`/${one.tenant.slug}/pagamenti/avvisi/${notice.id}/pdf`)).status).toBe(200);
    expect((await other.agent.get(`/${other.tenant.slug}/pagamenti/avvisi/${notice.id}/pdf`)).status).toBe(404);
    expect((await other.agent.get(`/${other.tenant.slug}/pagamenti/ricevute/${notice.id}/pdf`)).status).toBe(404);
    const page = await other.agent.get(`/${other.tenant.slug}/pagamenti`);
    const foreign = await other.agent
      .post(`/${other.tenant.slug}/pagamenti/avvia`)
      .type('form')
      .send({ documenti: `i:${one.invoices[0].id}`, _csrf: csrfTokenFrom(page.text) });
    expect(foreign.status).toBe(404);
  });
});
