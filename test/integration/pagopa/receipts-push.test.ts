import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { paSendRtSoap } from '../../../src/pagopa/receipt-xml.ts';
import { aPayingFamily, anInvoiceNotice, aTopUpAvviso, type PayingFamily } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ listen: true });

interface PushedNotice {
  noticeNumber: string;
  iuv: string;
  amountCents: number;
}

/** paSendRT as pagoPA's nodo pushes it, for one notice, under a receipt id of our choice. */
function soapReceipt(family: PayingFamily, notice: PushedNotice, receiptId: string): string {
  return paSendRtSoap(
    {
      receiptId,
      noticeNumber: notice.noticeNumber,
      creditorFiscalCode: family.tenant.fiscalCode,
      outcome: 'OK',
      creditorReferenceId: notice.iuv,
      amountCents: notice.amountCents,
      feeCents: 50,
      description: 'Pagamento',
      companyName: family.tenant.name,
      pspId: 'PSP',
      pspCompanyName: 'PSP',
      paymentMethod: 'CP',
      paymentDateTime: new Date('2026-11-18T10:00:00Z'),
      debtor: null,
      payer: null,
      transfers: [],
    },
    { idPA: family.tenant.fiscalCode, idBrokerPA: 'broker', idStation: 'station' },
  );
}

function push(family: PayingFamily, body: string, contentType = 'text/xml') {
  return request(ctx.baseUrl!)
    .post(`/${family.tenant.slug}/pagopa/receipts`)
    .set('content-type', contentType)
    .set('authorization', `Bearer ${ctx.config.pagopa.pushToken}`)
    .send(body);
}

/** A database trigger that fails every insert of a receipt with a real serialization failure (SQLSTATE 40001). */
async function failEveryReceiptInsert(): Promise<{ attempts: () => Promise<number>; remove: () => Promise<void> }> {
  // The attempt is counted outside the failing transaction by a sequence (sequences are not rolled back).
  await ctx.prisma.$executeRawUnsafe('CREATE SEQUENCE IF NOT EXISTS receipt_insert_attempt_seq');
  await ctx.prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION fail_receipt_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM nextval('receipt_insert_attempt_seq');
      RAISE EXCEPTION 'forced conflict' USING ERRCODE = 'serialization_failure';
    END $$`);
  await ctx.prisma.$executeRawUnsafe(
    'CREATE TRIGGER fail_receipt_insert BEFORE INSERT ON "Receipt" FOR EACH ROW EXECUTE FUNCTION fail_receipt_insert()',
  );
  const start = Number(
    (await ctx.prisma.$queryRawUnsafe<{ last_value: bigint }[]>('SELECT last_value FROM receipt_insert_attempt_seq'))[0].last_value,
  );
  return {
    attempts: async () =>
      Number(
        (await ctx.prisma.$queryRawUnsafe<{ last_value: bigint }[]>('SELECT last_value FROM receipt_insert_attempt_seq'))[0].last_value,
      ) - start,
    remove: async () => {
      await ctx.prisma.$executeRawUnsafe('DROP TRIGGER fail_receipt_insert ON "Receipt"');
    },
  };
}

describe('the receipt push endpoint under concurrency and failure', () => {
  it('8 distinct receipts for one notice pushed in parallel, 20 times: all stored, one applied, the rest flagged, credited once', async () => {
    for (let round = 0; round < 20; round++) {
      const topUp = round % 2 === 1;
      const family = await aPayingFamily(ctx, { invoices: topUp ? [] : [3200] });
      const notice = topUp ? await aTopUpAvviso(ctx, family) : await anInvoiceNotice(ctx, family);
      const ids = Array.from({ length: 8 }, (_, i) => `rt-${round}-${i}-${notice.iuv}`);
      const answers = await Promise.all(ids.map((id) => push(family, soapReceipt(family, notice, id))));

      expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
      for (const answer of answers) expect(answer.text).toContain('<outcome>OK</outcome>');
      const stored = await ctx.prisma.receipt.findMany({ where: { tenantId: family.tenant.id } });
      expect(stored.map((r) => r.receiptId).sort()).toEqual([...ids].sort());
      expect(stored.filter((r) => r.status === 'APPLIED')).toHaveLength(1);
      expect(stored.filter((r) => r.status === 'FLAGGED').map((r) => r.flag)).toEqual(ids.slice(1).map(() => 'ALREADY_PAID'));
      if (topUp) {
        const movements = await ctx.prisma.walletMovement.findMany({ where: { walletId: family.wallet.id } });
        expect(movements.map((m) => m.amountCents)).toEqual([notice.amountCents]);
      } else {
        const invoice = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } });
        expect(invoice).toMatchObject({ state: 'PAID', paidCents: 3200 });
      }
    }
  }, 240_000);

  it('a receipt that still cannot be stored after the retries is answered with a SOAP KO and a 5xx, so pagoPA sends it again', async () => {
    const family = await aPayingFamily(ctx, { invoices: [2100] });
    const notice = await anInvoiceNotice(ctx, family);
    const failing = await failEveryReceiptInsert();
    try {
      const answer = await push(family, soapReceipt(family, notice, `rt-lost-${notice.iuv}`));
      expect(answer.status).toBe(503);
      expect(answer.type).toBe('text/xml');
      expect(answer.text).toContain('<outcome>KO</outcome>');
      expect(answer.text).toContain('<faultCode>PAA_SYSTEM_ERROR</faultCode>');
      expect(answer.text).not.toMatch(/Error|\.ts:/);
      // the conflict was retried before giving up
      expect(await failing.attempts()).toBeGreaterThan(1);
    } finally {
      await failing.remove();
    }
    expect(await ctx.prisma.receipt.count({ where: { tenantId: family.tenant.id } })).toBe(0);
    // pagoPA's retry of the same receipt is then applied
    const retried = await push(family, soapReceipt(family, notice, `rt-lost-${notice.iuv}`));
    expect(retried.status).toBe(200);
    expect((await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } })).state).toBe('PAID');
  });

  it('malformed XML or a JSON body with a valid token is refused with a SOAP KO and a 4xx, not an error page', async () => {
    const family = await aPayingFamily(ctx);
    for (const [body, type] of [
      ['<x>', 'text/xml'],
      ['not xml at all', 'application/xml'],
      ['', 'text/xml'],
      ['{"receiptId":"1"}', 'application/json'],
      ['receiptId=1', 'application/x-www-form-urlencoded'],
      ['<receipt/>', 'text/plain'],
    ]) {
      const answer = await push(family, body, type);
      expect(answer.status, `${type}: ${body}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${type}: ${body}`).toBeLessThan(500);
      expect(answer.type).toBe('text/xml');
      expect(answer.text).toContain('<outcome>KO</outcome>');
      expect(answer.text).not.toContain('<html');
    }
    expect(await ctx.prisma.receipt.count({ where: { tenantId: family.tenant.id } })).toBe(0);
  });
});
