import { describe, expect, it } from 'vitest';
import { actorOf } from '../../../src/audit.ts';
import { actingForFamily } from '../../../src/features/desk/family.ts';
import { recordDeskPayment } from '../../../src/features/desk/payment.ts';
import { paymentDeps } from '../../../src/features/payments/web.ts';
import { csrfTokenFrom, submitForm } from '../../helpers/http.ts';
import { aPayingFamily, anInvoiceNotice, simulatePayment } from '../../helpers/payments.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { aCashier } from './support.ts';

const ctx = useTestContext({ listen: true });

async function aFamilyAtTheDesk(invoices = [4500]) {
  const family = await aPayingFamily(ctx, { invoices });
  const notice = await anInvoiceNotice(ctx, family);
  const cashier = await aCashier(ctx, family.tenant, 'Maria Cassa');
  const page = `/${family.tenant.slug}/sportello/famiglie/${family.guardian.id}`;
  const pay = (row: string, metodo = 'CASH') => submitForm(cashier.agent, page, `${page}/pagamenti`, { riga: row, metodo });
  return { family, notice, cashier, page, pay, row: `i:${family.invoices[0].id}` };
}

/** The session a logged-in cashier has, for calling the desk service straight (bypassing the page). */
const cashierSession = (tenantId: string, accountId: string, displayName: string) => ({
  tenantId,
  via: 'LOCAL' as const,
  displayName,
  fiscalCode: null,
  guardianIds: [],
  ownGuardianId: null,
  accountId,
  role: 'CASHIER' as const,
  loginAt: 0,
  saml: null,
});

const invoiceOf = (id: string) => ctx.prisma.invoice.findUniqueOrThrow({ where: { id } });

describe('desk payments', () => {
  it('a cash payment pays the document, tells pagoPA, is audited and printed; a late pagoPA receipt is flagged for refund', async () => {
    const { family, notice, cashier, page, pay, row } = await aFamilyAtTheDesk();
    const paid = await pay(row);
    expect(paid.status).toBe(303);
    expect(await invoiceOf(family.invoices[0].id)).toMatchObject({ state: 'PAID', paidCents: 4500 });
    const payment = await ctx.prisma.deskPayment.findUniqueOrThrow({ where: { noticeId: notice.id } });
    expect(payment).toMatchObject({ method: 'CASH', amountCents: 4500, cashierName: 'Maria Cassa', tenantId: family.tenant.id });
    expect(await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ state: 'PAID' });
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: family.tenant.id, action: 'DESK_PAYMENT_RECORDED' } });
    expect(audit).toMatchObject({ actorKind: 'STAFF', entityId: payment.id });

    // pagoPA knows: a PSP can no longer take it
    await expect(simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber })).rejects.toThrow(
      /409/,
    );

    const familyPage = await cashier.agent.get(page);
    expect(familyPage.text).toContain('data-qa="desk-nothing-due"');
    const receipt = await download(cashier.agent, `/${family.tenant.slug}/sportello/pagamenti/${payment.id}/ricevuta`);
    expect(receipt.status).toBe(200);
    const text = pdfText(receipt.body as Buffer);
    expect(text).toContain('RICEVUTA DI PAGAMENTO');
    expect(text).toContain('sportello');
    expect(text).toContain('45,00');
    expect(text).toContain('Contanti — Maria Cassa');

    // a receipt crossing the desk payment (paid at a PSP a moment before pagoPA heard of the desk)
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber, force: true });
    const receipts = await ctx.prisma.receipt.findMany({ where: { tenantId: family.tenant.id } });
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ status: 'FLAGGED', flag: 'PAID_AT_DESK', amountCents: 4500 });
    expect(await invoiceOf(family.invoices[0].id)).toMatchObject({ state: 'PAID', paidCents: 4500 });

    const day = await cashier.agent.get(`/${family.tenant.slug}/sportello/giornata`);
    expect(day.status).toBe(200);
    expect(day.text).toMatch(/data-qa="desk-day-total">[\s\S]*45,00/);
    expect(day.text).toContain('Maria Cassa');
  });

  it('a second desk payment of the same notice is refused, saying when it was paid', async () => {
    const { family, pay, row } = await aFamilyAtTheDesk([3000]);
    expect((await pay(row)).status).toBe(303);
    const again = await pay(row, 'POS');
    expect(again.status).toBe(409);
    expect(again.text).toContain('già stato pagato allo sportello');
    expect(await ctx.prisma.deskPayment.count({ where: { tenantId: family.tenant.id } })).toBe(1);
    expect(await invoiceOf(family.invoices[0].id)).toMatchObject({ paidCents: 3000 });
  });

  it('two cashiers paying the same notice at once: one payment, the other refused', async () => {
    const { family, notice, cashier, page, row } = await aFamilyAtTheDesk([2500]);
    const other = await aCashier(ctx, family.tenant, 'Luca Cassa');
    const tokens = await Promise.all([cashier.agent.get(page), other.agent.get(page)]);
    const answers = await Promise.all(
      [cashier.agent, other.agent].map((agent, i) =>
        agent
          .post(`${page}/pagamenti`)
          .type('form')
          .send({ riga: row, metodo: 'CASH', _csrf: csrfTokenFrom(tokens[i].text) }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409]);
    // and straight at the service, bypassing the page's check
    const deps = paymentDeps(ctx.deps);
    const auth = cashierSession(family.tenant.id, cashier.account.id, 'X');
    const direct = await Promise.allSettled(
      [1, 2].map(() => recordDeskPayment(deps, family.tenant, auth, family.guardian.id, notice.id, 'POS')),
    );
    expect(direct.every((r) => r.status === 'rejected')).toBe(true);
    expect(await ctx.prisma.deskPayment.count({ where: { noticeId: notice.id } })).toBe(1);
    expect(await invoiceOf(family.invoices[0].id)).toMatchObject({ state: 'PAID', paidCents: 2500 });
    expect(actorOf(actingForFamily(auth, family.guardian.id)).kind).toBe('STAFF');
  });

  it('two fresh notices paid in parallel by the service: exactly one payment each way round', async () => {
    const { family, notice, cashier } = await aFamilyAtTheDesk([1800]);
    const deps = paymentDeps(ctx.deps);
    const auth = cashierSession(family.tenant.id, cashier.account.id, 'Maria Cassa');
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => recordDeskPayment(deps, family.tenant, auth, family.guardian.id, notice.id, 'CASH')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refusals).toHaveLength(2);
    for (const r of refusals) expect(String((r.reason as Error).message)).toMatch(/già stato pagato allo sportello|appena stato pagato/);
    expect(await invoiceOf(family.invoices[0].id)).toMatchObject({ paidCents: 1800 });
  });

  it('a notice paid through pagoPA cannot be paid at the desk', async () => {
    const { family, notice, pay, row } = await aFamilyAtTheDesk([4000]);
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber });
    const refused = await pay(row);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('risulta già pagato con pagoPA');
    expect(await ctx.prisma.deskPayment.count({ where: { tenantId: family.tenant.id } })).toBe(0);
    expect(await invoiceOf(family.invoices[0].id)).toMatchObject({ paidCents: 4000 });
  });

  it('paid on pagoPA with the receipt still on its way: GPD refuses, nothing is recorded', async () => {
    const { family, notice, pay, row } = await aFamilyAtTheDesk([4100]);
    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice.noticeNumber, push: false });
    const refused = await pay(row);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('pagoPA non accetta il pagamento allo sportello');
    expect(await ctx.prisma.deskPayment.count({ where: { tenantId: family.tenant.id } })).toBe(0);
    expect(await invoiceOf(family.invoices[0].id)).toMatchObject({ state: 'ISSUED', paidCents: 0 });
  });

  it('a top-up asked at the desk, then paid there with the POS, credits the wallet once', async () => {
    const { family, cashier, page, pay } = await aFamilyAtTheDesk([1000]);
    const bad = await submitForm(cashier.agent, page, `${page}/ricarica`, {
      alunno: family.student.id,
      servizio: family.service.id,
      importo: 'tanti',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('importo in euro, ad esempio');
    const issued = await submitForm(cashier.agent, page, `${page}/ricarica`, {
      alunno: family.student.id,
      servizio: family.service.id,
      importo: '25,50',
    });
    expect(issued.status).toBe(303);
    const topUp = await ctx.prisma.paymentNotice.findFirstOrThrow({ where: { tenantId: family.tenant.id, purpose: 'TOP_UP' } });
    expect(topUp).toMatchObject({ amountCents: 2550, state: 'VALID', walletId: family.wallet.id });
    const pdf = await download(cashier.agent, `${page}/avvisi/${topUp.id}/pdf`);
    expect(pdfText(pdf.body as Buffer)).toContain(topUp.noticeNumber.match(/.{1,4}/g)!.join(' '));
    expect((await pay(`n:${topUp.id}`, 'POS')).status).toBe(303);
    const movements = await ctx.prisma.walletMovement.findMany({ where: { walletId: family.wallet.id } });
    expect(movements).toHaveLength(1);
    expect(movements[0]).toMatchObject({ kind: 'TOP_UP', amountCents: 2550, createdBy: 'Maria Cassa' });
    expect(movements[0].description).toContain('sportello');
  });
});
