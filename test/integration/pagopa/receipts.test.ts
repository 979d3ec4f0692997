import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { applyReceipt } from '../../../src/pagopa/apply-receipt.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { paSendRtSoap } from '../../../src/pagopa/receipt-xml.ts';
import { aLocalAccount, TEST_PASSWORD } from '../../helpers/builders.ts';
import { agentFor, loginWithPassword, submitForm } from '../../helpers/http.ts';
import { aPayingFamily, anInvoiceNotice, aTopUpAvviso, simulatePayment } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ listen: true });

type Family = Awaited<ReturnType<typeof aPayingFamily>>;

const invoiceNotice = (family: Family, index = 0) => anInvoiceNotice(ctx, family, { index });

const receiptsOf = (tenantId: string) => ctx.prisma.receipt.findMany({ where: { tenantId }, orderBy: { receivedAt: 'asc' } });

describe('applyReceipt through the push endpoint, fed by the simulator', () => {
  it('a duplicated receipt is applied once', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4500] });
    const notice = await invoiceNotice(family);
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber, copies: 3 });
    const receipts = await receiptsOf(family.tenant.id);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ status: 'APPLIED', amountCents: 4500, iuv: notice.iuv });
    const invoice = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } });
    expect(invoice).toMatchObject({ state: 'PAID', paidCents: 4500 });
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: family.tenant.id, action: 'RECEIPT_APPLIED' } })).toBe(1);
  });

  it('two concurrent deliveries of the same receipt are applied once', async () => {
    const family = await aPayingFamily(ctx, { invoices: [3000] });
    const notice = await invoiceNotice(family);
    await simulatePayment(ctx, {
      creditorFiscalCode: family.tenant.fiscalCode,
      noticeNumber: notice.noticeNumber,
      copies: 2,
      concurrent: true,
    });
    expect(await receiptsOf(family.tenant.id)).toHaveLength(1);
    const invoice = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } });
    expect(invoice.paidCents).toBe(3000);
  });

  it('concurrent applyReceipt calls: one APPLIED, the rest DUPLICATE; a second receipt for the same IUV is flagged ALREADY_PAID', async () => {
    const family = await aPayingFamily(ctx, { invoices: [2000] });
    const notice = await invoiceNotice(family);
    const gateway = createPagoPaGateway(ctx.config);
    const xml = paSendRtSoap(
      {
        receiptId: `rt-${notice.iuv}`,
        noticeNumber: notice.noticeNumber,
        creditorFiscalCode: family.tenant.fiscalCode,
        outcome: 'OK',
        creditorReferenceId: notice.iuv,
        amountCents: 2000,
        feeCents: 50,
        description: 'x',
        companyName: family.tenant.name,
        pspId: 'PSP',
        pspCompanyName: 'PSP',
        paymentMethod: 'CP',
        paymentDateTime: new Date('2026-11-18T10:00:00Z'),
        debtor: null,
        payer: null,
        transfers: [],
      },
      { idPA: family.tenant.fiscalCode, idBrokerPA: 'b', idStation: 's' },
    );
    const receipt = gateway.parseReceipt(xml);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => applyReceipt(ctx.prisma, family.tenant, receipt, { kind: 'PUSH', raw: xml })),
    );
    expect(results.filter((r) => r.outcome === 'APPLIED')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'DUPLICATE')).toHaveLength(4);
    const second = await applyReceipt(ctx.prisma, family.tenant, { ...receipt, receiptId: 'another-channel' }, { kind: 'PULL', raw: xml });
    expect(second).toMatchObject({ outcome: 'FLAGGED', flag: 'ALREADY_PAID' });
    const invoice = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } });
    expect(invoice.paidCents).toBe(2000);
  });

  it('a receipt for a cancelled notice is stored and flagged, then a clerk notes the refund (audited)', async () => {
    const family = await aPayingFamily(ctx);
    const notice = await aTopUpAvviso(ctx, family);
    const deleted = await submitForm(
      family.agent,
      `/${family.tenant.slug}/ricariche`,
      `/${family.tenant.slug}/ricariche/avvisi/${notice.id}/elimina`,
      {},
    );
    expect(deleted.status).toBe(303);
    expect((await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id: notice.id } })).state).toBe('CANCELLED');

    // pagoPA refuses a normal payment of an invalidated position …
    const refused = await request(ctx.baseUrl!)
      .post('/_pagopa/sim/payments')
      .send({ creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber });
    expect(refused.status).toBe(409);
    // … but a payment that crossed the cancellation still sends its receipt.
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber, force: true });
    const [receipt] = await receiptsOf(family.tenant.id);
    expect(receipt).toMatchObject({ status: 'FLAGGED', flag: 'NOTICE_CANCELLED', noticeId: notice.id });
    expect(await ctx.prisma.walletMovement.count({ where: { walletId: family.wallet.id } })).toBe(0);

    const clerk = await aLocalAccount(ctx.prisma, family.tenant.id, { role: 'CLERK' });
    const agent = agentFor(ctx.app);
    await loginWithPassword(agent, family.tenant.slug, clerk.username, TEST_PASSWORD);
    const page = await agent.get(`/${family.tenant.slug}/admin/pagamenti`);
    expect(page.text).toContain('Avviso annullato');
    const empty = await submitForm(
      agent,
      `/${family.tenant.slug}/admin/pagamenti`,
      `/${family.tenant.slug}/admin/pagamenti/ricevute/${receipt.id}`,
      { azione: 'rimborso', nota: '' },
    );
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Scrivi una nota');
    const done = await submitForm(
      agent,
      `/${family.tenant.slug}/admin/pagamenti`,
      `/${family.tenant.slug}/admin/pagamenti/ricevute/${receipt.id}`,
      { azione: 'rimborso', nota: 'Bonifico di rimborso disposto il 19/11' },
    );
    expect(done.status).toBe(303);
    expect(await ctx.prisma.receipt.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({
      status: 'RESOLVED',
      resolution: 'Rimborso: Bonifico di rimborso disposto il 19/11',
    });
    expect(
      await ctx.prisma.auditEvent.count({ where: { tenantId: family.tenant.id, action: 'RECEIPT_RESOLVED', entityId: receipt.id } }),
    ).toBe(1);
  });

  it('a receipt with the wrong amount is flagged; the clerk applies it to another document', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4500, 4501] });
    const notice = await invoiceNotice(family);
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber, amountCents: 4501 });
    const [receipt] = await receiptsOf(family.tenant.id);
    expect(receipt).toMatchObject({ status: 'FLAGGED', flag: 'WRONG_AMOUNT', amountCents: 4501 });
    expect((await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } })).state).toBe('ISSUED');
    expect((await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id: notice.id } })).state).toBe('VALID');

    const clerk = await aLocalAccount(ctx.prisma, family.tenant.id, { role: 'CLERK' });
    const agent = agentFor(ctx.app);
    await loginWithPassword(agent, family.tenant.slug, clerk.username, TEST_PASSWORD);
    const action = `/${family.tenant.slug}/admin/pagamenti/ricevute/${receipt.id}`;
    const unknown = await submitForm(agent, `/${family.tenant.slug}/admin/pagamenti`, action, {
      azione: 'applica',
      documento: '9999/1',
      nota: '',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('Nessun documento con numero 9999/1');
    expect(unknown.text).toContain('value="9999/1"');
    const applied = await submitForm(agent, `/${family.tenant.slug}/admin/pagamenti`, action, {
      azione: 'applica',
      documento: family.invoices[1].number,
      nota: '',
    });
    expect(applied.status).toBe(303);
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[1].id } })).toMatchObject({
      state: 'PAID',
      paidCents: 4501,
    });
    expect((await ctx.prisma.receipt.findUniqueOrThrow({ where: { id: receipt.id } })).status).toBe('RESOLVED');
  });

  it('a top-up generated as an avviso and paid credits the wallet once, however often the receipt comes', async () => {
    const family = await aPayingFamily(ctx);
    const notice = await aTopUpAvviso(ctx, family, '15,50');
    expect(notice.amountCents).toBe(1550);
    await simulatePayment(ctx, {
      creditorFiscalCode: family.tenant.fiscalCode,
      noticeNumber: notice.noticeNumber,
      copies: 2,
      concurrent: true,
    });
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber, force: true }).catch(
      () => undefined,
    );
    const movements = await ctx.prisma.walletMovement.findMany({ where: { walletId: family.wallet.id } });
    expect(movements).toHaveLength(1);
    expect(movements[0]).toMatchObject({ kind: 'TOP_UP', amountCents: 1550 });
    const flagged = await ctx.prisma.receipt.findMany({ where: { tenantId: family.tenant.id, status: 'FLAGGED' } });
    expect(flagged.map((r) => r.flag)).toEqual(['ALREADY_PAID']);
  });

  it('a late receipt is applied when it arrives, not before', async () => {
    const family = await aPayingFamily(ctx, { invoices: [1800] });
    const notice = await invoiceNotice(family);
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber, delayMs: 400 });
    expect((await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id: notice.id } })).state).toBe('VALID');
    await request(ctx.baseUrl!).post('/_pagopa/sim/settle').expect(204);
    expect((await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id: notice.id } })).state).toBe('PAID');
    expect(await ctx.prisma.receipt.count({ where: { tenantId: family.tenant.id, status: 'APPLIED' } })).toBe(1);
  });

  it('the push endpoint refuses a receipt without the token', async () => {
    const family = await aPayingFamily(ctx);
    const response = await request(ctx.baseUrl!)
      .post(`/${family.tenant.slug}/pagopa/receipts`)
      .set('content-type', 'text/xml')
      .send('<receipt/>');
    expect(response.status).toBe(401);
    const malformed = await request(ctx.baseUrl!)
      .post(`/${family.tenant.slug}/pagopa/receipts`)
      .set('content-type', 'text/xml')
      .set('authorization', `Bearer ${ctx.config.pagopa.pushToken}`)
      .send('<receipt><outcome>OK</outcome></receipt>');
    expect(malformed.status).toBe(400);
    expect(await ctx.prisma.receipt.count({ where: { tenantId: family.tenant.id } })).toBe(0);
  });
});
