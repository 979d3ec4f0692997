import pg from 'pg';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { NOTICES_EXPIRY_LOCK, runNoticesExpiry } from '../../../src/jobs/notices-expiry.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { aLocalAccount, TEST_PASSWORD } from '../../helpers/builders.ts';
import { agentFor, loginWithPassword } from '../../helpers/http.ts';
import {
  aPayingFamily,
  anInvoiceNotice,
  aTopUpAvviso,
  pathOf,
  simulatePayment,
  startSpontaneousPayment,
  type PayingFamily,
} from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ listen: true });

type Family = PayingFamily;

// The test clock starts on 18/11/2026: a top-up avviso issued then is due on 18/12, a spontaneous one on 25/11.
const ISSUED_AT = '2026-11-18T07:30:00Z';
const AFTER_TOP_UP_DUE = '2026-12-19T08:00:00Z';

const runJob = () => runNoticesExpiry({ prisma: ctx.prisma, pool: ctx.pool, clock: ctx.clock, logger: pino({ level: 'silent' }) });

const topUpAvviso = (family: Family, importo = '2000') => aTopUpAvviso(ctx, family, importo);

/** The debt position the simulator (our GPD) holds for a notice. */
const gpdPosition = async (family: Family, iupd: string) =>
  (await request(ctx.baseUrl!).get(`/_pagopa/gpd/organizations/${family.tenant.fiscalCode}/debtpositions/${iupd}`)).body as {
    switchToExpired: boolean;
    status: string;
    paymentOption: { dueDate: string }[];
  };

const stateOf = async (id: string) => (await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id } })).state;

describe('notices expiry job', () => {
  it('expires top-up and spontaneous notices after their due date, never invoice notices, on Rome days', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx, { invoices: [4500, 3900] });
    const topUp = await topUpAvviso(family);
    expect((await startSpontaneousPayment(family, '2026-09')).status).toBe(303);
    const spontaneousNotice = await ctx.prisma.paymentNotice.findFirstOrThrow({
      where: { tenantId: family.tenant.id, purpose: 'SPONTANEOUS' },
    });
    const invoiceNotice = await anInvoiceNotice(ctx, family, { index: 1, dueOn: '2026-11-20' });
    expect(topUp.dueOn?.toISOString().slice(0, 10)).toBe('2026-12-18');
    expect(spontaneousNotice.dueOn?.toISOString().slice(0, 10)).toBe('2026-11-25');

    // What GPD was told: only the avvisi that expire carry switchToExpired, due at the end of their day.
    expect(await gpdPosition(family, topUp.iupd)).toMatchObject({
      switchToExpired: true,
      status: 'VALID',
      paymentOption: [{ dueDate: '2026-12-18T23:59:59' }],
    });
    expect(await gpdPosition(family, invoiceNotice.iupd)).toMatchObject({ switchToExpired: false });

    // 18/12 at 23:30 in Rome (22:30 UTC): the spontaneous notice is past due, the top-up is still payable.
    ctx.setNow('2026-12-18T22:30:00Z');
    await runJob();
    expect(await stateOf(spontaneousNotice.id)).toBe('EXPIRED');
    expect(await stateOf(topUp.id)).toBe('VALID');
    expect((await gpdPosition(family, topUp.iupd)).status).toBe('VALID');

    // 19/12 00:30 in Rome (23:30 UTC of the 18th): the top-up expires too; the invoice notice never does.
    ctx.setNow('2026-12-18T23:30:00Z');
    const pass = await runJob();
    expect(pass.locked).toBe(true);
    expect(await stateOf(topUp.id)).toBe('EXPIRED');
    expect(await stateOf(invoiceNotice.id)).toBe('VALID');
    // GPD expired the position by itself (switchToExpired); the invoice one stays payable.
    expect((await gpdPosition(family, topUp.iupd)).status).toBe('EXPIRED');
    expect((await gpdPosition(family, invoiceNotice.iupd)).status).toBe('VALID');

    const audits = await ctx.prisma.auditEvent.findMany({ where: { tenantId: family.tenant.id, action: 'NOTICE_EXPIRED' } });
    expect(audits.map((a) => [a.entityId, a.actorKind]).sort()).toEqual(
      [
        [spontaneousNotice.id, 'SYSTEM'],
        [topUp.id, 'SYSTEM'],
      ].sort(),
    );
  });

  it('running it twice changes nothing more', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx);
    const topUp = await topUpAvviso(family);
    ctx.setNow(AFTER_TOP_UP_DUE);
    const first = await runJob();
    expect(first.expired).toBeGreaterThanOrEqual(1);
    const audits = () => ctx.prisma.auditEvent.count({ where: { tenantId: family.tenant.id, action: 'NOTICE_EXPIRED' } });
    expect(await audits()).toBe(1);
    const second = await runJob();
    expect(second).toEqual({ locked: true, expired: 0, failedTenants: [] });
    expect(await audits()).toBe(1);
    expect(await stateOf(topUp.id)).toBe('EXPIRED');
  });

  it('skips the pass while another instance holds the lock', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx);
    const topUp = await topUpAvviso(family);
    ctx.setNow(AFTER_TOP_UP_DUE);
    const other = new pg.Client({ connectionString: ctx.databaseUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [NOTICES_EXPIRY_LOCK]);
      expect(await runJob()).toEqual({ locked: false, expired: 0, failedTenants: [] });
      expect(await stateOf(topUp.id)).toBe('VALID');
      await other.query('SELECT pg_advisory_unlock($1)', [NOTICES_EXPIRY_LOCK]);
    } finally {
      await other.end();
    }
    expect((await runJob()).expired).toBeGreaterThanOrEqual(1);
    expect(await stateOf(topUp.id)).toBe('EXPIRED');
  });

  it('a notice paid before the job runs stays PAID, and its wallet is credited once', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx);
    const topUp = await topUpAvviso(family, '5000');
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: topUp.noticeNumber });
    ctx.setNow(AFTER_TOP_UP_DUE);
    await runJob();
    expect(await stateOf(topUp.id)).toBe('PAID');
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: family.tenant.id, action: 'NOTICE_EXPIRED' } })).toBe(0);
    const movements = await ctx.prisma.walletMovement.findMany({ where: { walletId: family.wallet.id } });
    expect(movements.map((m) => [m.kind, m.amountCents])).toEqual([['TOP_UP', 5000]]);
  });

  it('pagoPA refuses to pay an expired position: the simulator API and its checkout page', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx);
    const topUp = await topUpAvviso(family);
    ctx.setNow(AFTER_TOP_UP_DUE);
    const refused = await request(ctx.baseUrl!)
      .post('/_pagopa/sim/payments')
      .send({ creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: topUp.noticeNumber });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('EXPIRED');

    // A cart opened straight on pagoPA (an old link, another app) cannot pay it either.
    const back = `${ctx.baseUrl}/${family.tenant.slug}/pagamenti/esito/00000000-0000-0000-0000-000000000000?esito=`;
    const { redirectUrl } = await createPagoPaGateway(ctx.config).startCheckout({
      idCart: `expired-${topUp.id}`,
      notices: [
        {
          noticeNumber: topUp.noticeNumber,
          creditorFiscalCode: family.tenant.fiscalCode,
          amountCents: topUp.amountCents,
          companyName: family.tenant.name,
          description: topUp.subject,
        },
      ],
      returnUrls: {
        returnOkUrl: `${back}ok`,
        returnCancelUrl: `${back}annullato`,
        returnErrorUrl: `${back}errore`,
        returnWaitingUrl: `${back}attesa`,
      },
    });
    const page = await request(ctx.baseUrl!).get(pathOf(redirectUrl));
    expect(page.text).toContain(`Avviso non pagabile: ${topUp.noticeNumber}`);
    const paid = await request(ctx.baseUrl!).post(pathOf(redirectUrl)).type('form').send({ action: 'paga' });
    expect(paid.status).toBe(303);
    expect(paid.headers.location).toBe(`${back}errore`);
    expect(await ctx.prisma.receipt.count({ where: { tenantId: family.tenant.id } })).toBe(0);
  });

  it('a late receipt for a notice the job expired is stored and flagged NOTICE_EXPIRED for a clerk, the wallet untouched', async () => {
    ctx.setNow(ISSUED_AT);
    const family = await aPayingFamily(ctx);
    const topUp = await topUpAvviso(family, '2000');
    ctx.setNow(AFTER_TOP_UP_DUE);
    await runJob();
    expect(await stateOf(topUp.id)).toBe('EXPIRED');

    // A payment started before the expiry whose receipt arrives after it.
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: topUp.noticeNumber, force: true });
    const receipts = await ctx.prisma.receipt.findMany({ where: { tenantId: family.tenant.id } });
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ status: 'FLAGGED', flag: 'NOTICE_EXPIRED', noticeId: topUp.id, amountCents: 2000 });
    expect(await stateOf(topUp.id)).toBe('EXPIRED');
    expect(await ctx.prisma.walletMovement.count({ where: { walletId: family.wallet.id } })).toBe(0);
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: family.tenant.id, action: 'RECEIPT_FLAGGED' } })).toBe(1);

    const clerk = await aLocalAccount(ctx.prisma, family.tenant.id, { role: 'CLERK' });
    const agent = agentFor(ctx.app);
    await loginWithPassword(agent, family.tenant.slug, clerk.username, TEST_PASSWORD);
    const page = await agent.get(`/${family.tenant.slug}/admin/pagamenti`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Avviso scaduto');
    expect(page.text).toContain(topUp.iuv);
  });
});
