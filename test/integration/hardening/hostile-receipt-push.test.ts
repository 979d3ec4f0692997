// The one route the sweep in hostile-bodies.test.ts leaves out because it proves itself by a bearer token, not a
// CSRF token: pagoPA's receipt push. With a valid token, no bad body may answer 5xx (the nodo would send it again
// forever) nor anything but a paSendRTRes KO.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paSendRtSoap } from '../../../src/pagopa/receipt-xml.ts';
import { agentFor } from '../../helpers/http.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ demo: true });
const SLUG = 'dimostrativo';

describe('the receipt push, with a valid token', () => {
  /** A well-formed paSendRT for a notice the Comune never issued: stored, flagged and answered OK. */
  const soap = (tenantFiscalCode: string) =>
    paSendRtSoap(
      {
        receiptId: `RT-HOSTILE-${randomUUID()}`,
        noticeNumber: '301999999999999999',
        creditorFiscalCode: tenantFiscalCode,
        outcome: 'OK',
        creditorReferenceId: '01999999999999999',
        amountCents: 4500,
        feeCents: 100,
        description: 'Refezione',
        companyName: 'Comune',
        pspId: 'PSP1',
        pspCompanyName: 'Banca',
        paymentMethod: 'CP',
        paymentDateTime: new Date('2026-11-20T10:00:00Z'),
        debtor: null,
        payer: null,
        transfers: [
          { idTransfer: 1, amountCents: 4500, fiscalCodePA: tenantFiscalCode, iban: null, remittanceInformation: 'x', category: 'x' },
        ],
      },
      { idPA: tenantFiscalCode, idBrokerPA: 'broker', idStation: 'station' },
    );
  const swap = (xml: string, element: string, value: string) =>
    xml.replace(new RegExp(`<${element}>[^<]*</${element}>`), `<${element}>${value}</${element}>`);

  it('answers every bad body with a SOAP KO and a 4xx, and stores nothing', async () => {
    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: SLUG } });
    const good = () => soap(tenant.fiscalCode);
    const bad: [string, string, string][] = [
      ['empty', '', 'text/xml'],
      ['not XML', 'not xml at all', 'application/xml'],
      ['unclosed', good().slice(0, 200), 'text/xml'],
      ['JSON', '{"receiptId":"1"}', 'application/json'],
      ['form', 'receiptId=1&_csrf=x', 'application/x-www-form-urlencoded'],
      ['XML as text/plain', good(), 'text/plain'],
      ['no receipt', '<?xml version="1.0"?><pafn:paSendRTReq xmlns:pafn="x"/>', 'text/xml'],
      ['no receiptId', good().replace(/<receiptId>[^<]*<\/receiptId>/, ''), 'text/xml'],
      ['unknown outcome', swap(good(), 'outcome', 'FORSE'), 'text/xml'],
      ['amount not a number', swap(good(), 'paymentAmount', 'tanti'), 'text/xml'],
      ['negative amount', swap(good(), 'paymentAmount', '-45.00'), 'text/xml'],
      ['Italian decimals', swap(good(), 'paymentAmount', '45,00'), 'text/xml'],
      ['huge amount', swap(good(), 'paymentAmount', '99999999999999999999999.00'), 'text/xml'],
      ['amount over the column', swap(good(), 'paymentAmount', '30000000.00'), 'text/xml'],
      ['bad fee', swap(good(), 'fee', '1e3'), 'text/xml'],
      ['bad transfer amount', swap(good(), 'transferAmount', 'x'), 'text/xml'],
      ['impossible date', swap(good(), 'paymentDateTime', '2026-02-30T10:00:00'), 'text/xml'],
      ['words for a date', swap(good(), 'paymentDateTime', 'ieri'), 'text/xml'],
      ['NUL in the receipt id', swap(good(), 'receiptId', 'RT\u0000X'), 'text/xml'],
      [
        'entity bomb',
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${'x'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>`,
        'text/xml',
      ],
      ['over 200 kB', good().replace('<description>', `<description>${'x'.repeat(210_000)}`), 'text/xml'],
    ];
    const agent = agentFor(ctx.app);
    const failures: string[] = [];
    for (const [name, body, type] of bad) {
      const res = await agent
        .post(`/${SLUG}/pagopa/receipts`)
        .set('authorization', `Bearer ${ctx.config.pagopa.pushToken}`)
        .set('content-type', type)
        .send(body);
      if (res.status < 400 || res.status >= 500 || !res.text.includes('<outcome>KO</outcome>')) failures.push(`${res.status} ${name}`);
    }
    expect(failures).toEqual([]);
    expect(await ctx.prisma.receipt.count({ where: { tenantId: tenant.id, receiptId: { startsWith: 'RT-HOSTILE-' } } })).toBe(0);

    const control = await agent
      .post(`/${SLUG}/pagopa/receipts`)
      .set('authorization', `Bearer ${ctx.config.pagopa.pushToken}`)
      .set('content-type', 'text/xml')
      .send(good());
    expect(control.status).toBe(200);
  });
});
