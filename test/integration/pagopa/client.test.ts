import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNoticeNumber, iuvOf } from '../../../src/domain/notice-number.ts';
import type { DebtPosition } from '../../../src/pagopa/gateway.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
const CF = '80099988877';

beforeAll(async () => {
  ctx = await createTestContext({ listen: true, env: { PAGOPA_TIMEOUT_MS: '400', PAGOPA_RETRIES: '2' } });
});

afterAll(async () => {
  await ctx.close();
});

function position(base13: string): DebtPosition {
  const noticeNumber = buildNoticeNumber('07', base13);
  const iuv = iuvOf(noticeNumber);
  return {
    creditorFiscalCode: CF,
    iupd: `${CF}-${iuv}`,
    iuv,
    noticeNumber,
    amountCents: 2500,
    description: 'Ricarica mensa',
    dueOn: null,
    switchToExpired: false,
    debtor: { type: 'F', fiscalCode: 'RSSMRA85C52F205X', fullName: 'Maria Rossi' },
    companyName: 'Comune di Prova',
    iban: 'IT60X0542811101000000123456',
    category: '9/0101108TS/',
  };
}

const faults = (count: number, delayMs: number) => request(ctx.baseUrl!).post('/_pagopa/sim/faults').send({ count, delayMs });
const requests = async () =>
  (await request(ctx.baseUrl!).get('/_pagopa/sim/requests')).body as { method: string; path: string; idempotencyKey: string | null }[];

describe('the real GPD/Checkout client against the simulator over HTTP', () => {
  it('retries a timed-out create with the same idempotency key, and the 409 of the retry counts as done', async () => {
    const gateway = createPagoPaGateway(ctx.config);
    const p = position('1000000000001');
    await faults(1, 900);
    await gateway.createDebtPosition(p);
    const creates = (await requests()).filter((r) => r.method === 'POST' && r.path === `/gpd/organizations/${CF}/debtpositions`);
    expect(creates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(creates.map((r) => r.idempotencyKey))).toEqual(new Set([p.iupd]));
    const stored = await request(ctx.baseUrl!).get(`/_pagopa/gpd/organizations/${CF}/debtpositions/${p.iupd}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      iupd: p.iupd,
      status: 'VALID',
      paymentOption: [{ iuv: p.iuv, nav: p.noticeNumber, amount: 2500 }],
    });
  });

  it('gives up with PagoPaUnavailableError when every attempt times out', async () => {
    const gateway = createPagoPaGateway(ctx.config);
    await faults(3, 900);
    await expect(gateway.createDebtPosition(position('1000000000002'))).rejects.toMatchObject({ name: 'PagoPaUnavailableError' });
    await faults(0, 0);
  });

  it('invalidates, marks paid outside, and reads receipts back from the receipts API', async () => {
    const gateway = createPagoPaGateway(ctx.config);
    const cancelled = position('1000000000003');
    const paidAtDesk = position('1000000000004');
    const paidOnline = position('1000000000005');
    for (const p of [cancelled, paidAtDesk, paidOnline]) await gateway.createDebtPosition(p);
    await gateway.invalidateDebtPosition(CF, cancelled.iupd);
    await gateway.invalidateDebtPosition(CF, 'never-existed');
    await gateway.markPaidOutside(CF, paidAtDesk.noticeNumber, { paymentDate: new Date(), paymentMethod: 'CASH', pspCompany: 'Sportello' });
    await expect(
      gateway.markPaidOutside(CF, paidAtDesk.noticeNumber, { paymentDate: new Date(), paymentMethod: 'CASH', pspCompany: 'Sportello' }),
    ).rejects.toMatchObject({ status: 409 });
    const since = new Date(Date.now() - 60_000);
    await request(ctx.baseUrl!)
      .post('/_pagopa/sim/payments')
      .send({ creditorFiscalCode: CF, noticeNumber: paidOnline.noticeNumber, push: false })
      .expect(201);
    const receipts = await gateway.fetchReceipts(CF, since);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      noticeNumber: paidOnline.noticeNumber,
      creditorReferenceId: paidOnline.iuv,
      creditorFiscalCode: CF,
      outcome: 'OK',
      amountCents: 2500,
      feeCents: 100,
      debtor: { type: 'F', fiscalCode: 'RSSMRA85C52F205X', fullName: 'Maria Rossi' },
    });
    expect(receipts[0].transfers).toEqual([expect.objectContaining({ amountCents: 2500, fiscalCodePA: CF, iban: paidOnline.iban })]);
  });

  it('reads back a receipt paid after 23:00 UTC, already the next day in Rome, asked for since that instant', async () => {
    const gateway = createPagoPaGateway(ctx.config);
    const late = position('1000000000007');
    await gateway.createDebtPosition(late);
    await request(ctx.baseUrl!)
      .post('/_pagopa/sim/payments')
      .send({ creditorFiscalCode: CF, noticeNumber: late.noticeNumber, push: false, paidAt: '2026-12-04T23:30:00Z' })
      .expect(201);
    const receipts = await gateway.fetchReceipts(CF, new Date('2026-12-04T23:00:00Z'));
    expect(receipts.map((r) => r.noticeNumber)).toContain(late.noticeNumber);
  });

  it('opens a checkout cart with a 302 to the payment page, once per idCart', async () => {
    const gateway = createPagoPaGateway(ctx.config);
    const p = position('1000000000006');
    await gateway.createDebtPosition(p);
    const cart = {
      idCart: 'cart-1',
      notices: [
        {
          noticeNumber: p.noticeNumber,
          creditorFiscalCode: CF,
          amountCents: 2500,
          companyName: 'Comune di Prova',
          description: 'Ricarica',
        },
      ],
      returnUrls: {
        returnOkUrl: 'http://example.test/ok',
        returnCancelUrl: 'http://example.test/ko',
        returnErrorUrl: 'http://example.test/err',
        returnWaitingUrl: 'http://example.test/wait',
      },
    };
    const first = await gateway.startCheckout(cart);
    const again = await gateway.startCheckout(cart);
    expect(first.redirectUrl).toMatch(new RegExp(`^${ctx.baseUrl}/_pagopa/checkout/c/`));
    expect(again.redirectUrl).toBe(first.redirectUrl);
    await expect(gateway.startCheckout({ ...cart, idCart: 'cart-6', notices: Array(6).fill(cart.notices[0]) })).rejects.toMatchObject({
      status: 422,
    });
  });
});
