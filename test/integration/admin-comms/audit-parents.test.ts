// The audit viewer shows what parents did: a payment (the cart they started, the receipt pagoPA sent) and
// their delegates, with who, what and when, filtered by record type.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { formatItalianDateTime } from '../../../src/domain/dates.ts';
import { maskFiscalCode } from '../../../src/domain/fiscal-code.ts';
import { aFiscalCode, aLocalAccount, TEST_PASSWORD } from '../../helpers/builders.ts';
import { loginWithPassword, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { aPayingFamily, pathOf } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { visibleText } from './support.ts';

const ctx = useTestContext({ listen: true });

/** The viewer's rows, as text a person reads. */
async function auditRows(clerk: Agent, slug: string, query: string): Promise<string[]> {
  const page = await clerk.get(`/${slug}/admin/audit?${query}`);
  expect(page.status).toBe(200);
  return [...page.text.matchAll(/<tr data-qa="audit-row">([\s\S]*?)<\/tr>/g)].map((row) => visibleText(row[1]));
}

describe('audit viewer: parents’ payments and delegates', () => {
  it('shows the cart a parent paid, the receipt applied and a delegate added and revoked, each under its record type', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4500], billingMode: 'POSTPAID' });
    const slug = family.tenant.slug;
    const parent = request.agent(ctx.baseUrl);
    await loginAsCitizen(parent, slug, family.guardian.fiscalCode);

    const started = await submitForm(parent, `/${slug}/pagamenti`, `/${slug}/pagamenti/avvia`, {
      documenti: [`i:${family.invoices[0].id}`],
    });
    expect(started.status).toBe(303);
    const checkout = pathOf(started.headers.location);
    expect((await parent.get(checkout)).status).toBe(200);
    expect((await parent.post(checkout).type('form').send({ action: 'paga', consegna: 'push' })).status).toBe(303);
    const receipt = await ctx.prisma.receipt.findFirstOrThrow({ where: { tenantId: family.tenant.id } });
    expect(receipt.status).toBe('APPLIED');

    const delegateCode = aFiscalCode();
    const added = await submitForm(parent, `/${slug}/anagrafica/delegati`, `/${slug}/anagrafica/delegati`, {
      codiceFiscale: delegateCode,
      nome: 'Anna',
      cognome: 'Galli',
    });
    expect(added.status).toBe(302);
    const delegate = await ctx.prisma.delegate.findFirstOrThrow({ where: { tenantId: family.tenant.id, fiscalCode: delegateCode } });
    const revoked = await submitForm(parent, `/${slug}/anagrafica/delegati`, `/${slug}/anagrafica/delegati/${delegate.id}/revoca`, {});
    expect(revoked.status).toBe(302);

    const account = await aLocalAccount(ctx.prisma, family.tenant.id, { role: 'CLERK' });
    const clerk = request.agent(ctx.baseUrl);
    expect((await loginWithPassword(clerk, slug, account.username, TEST_PASSWORD)).status).toBe(302);
    const parentLabel = maskFiscalCode(family.guardian.fiscalCode);
    const eventOf = (action: string) => ctx.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: family.tenant.id, action } });

    const receipts = await auditRows(clerk, slug, 'tipo=Receipt');
    expect(receipts).toHaveLength(await ctx.prisma.auditEvent.count({ where: { tenantId: family.tenant.id, entityType: 'Receipt' } }));
    const applied = receipts.find((row) => row.includes('RECEIPT_APPLIED'))!;
    expect(applied).toContain(receipt.id);
    expect(applied).toContain('Sistema');
    expect(applied).toContain(formatItalianDateTime((await eventOf('RECEIPT_APPLIED')).at));
    expect(applied).toContain('"amountCents":4500');
    expect(receipts.join()).not.toContain('DELEGATE_');

    const carts = await auditRows(clerk, slug, 'tipo=CheckoutCart');
    const cart = carts.find((row) => row.includes('CART_CREATED'))!;
    expect(cart).toContain('Genitore');
    expect(cart).toContain(parentLabel);
    expect(cart).toContain(formatItalianDateTime((await eventOf('CART_CREATED')).at));

    const delegates = await auditRows(clerk, slug, 'tipo=Delegate');
    expect(delegates).toHaveLength(2);
    for (const action of ['DELEGATE_ADDED', 'DELEGATE_REVOKED']) {
      const row = delegates.find((text) => text.includes(action))!;
      expect(row, action).toContain('Genitore');
      expect(row, action).toContain(parentLabel);
      expect(row, action).toContain(delegate.id);
      expect(row, action).toContain(formatItalianDateTime((await eventOf(action)).at));
    }
    expect(delegates.join()).not.toContain(delegateCode); // the delegate's code only masked
    expect(delegates.join()).not.toContain('RECEIPT_');
  });
});
