// The page the parent comes back to from pagoPA says what happened (paid, cancelled, failed, still checking)
// and for what: which documents were paid, or which top-up was credited to whose account.
import { describe, expect, it } from 'vitest';
import { submitForm } from '../../helpers/http.ts';
import { aPayingFamily, pathOf, type PayingFamily } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { visibleText } from '../admin-canteen/support.ts';

const ctx = useTestContext({ listen: true });

const text = (html: string) => visibleText(html).replace(/\u00a0/g, ' ');

/** From the payments page to the simulator's checkout, a choice there, and back to our return page. */
async function payDocuments(family: PayingFamily, fields: Record<string, string>) {
  const slug = family.tenant.slug;
  const started = await submitForm(family.agent, `/${slug}/pagamenti`, `/${slug}/pagamenti/avvia`, {
    documenti: family.invoices.map((invoice) => `i:${invoice.id}`),
  });
  return backFromCheckout(family, started.headers.location, fields);
}

async function topUpOnline(family: PayingFamily, fields: Record<string, string>) {
  const slug = family.tenant.slug;
  const started = await submitForm(family.agent, `/${slug}/ricariche`, `/${slug}/ricariche`, {
    alunno: family.student.id,
    servizio: family.service.id,
    importo: '2000',
    modalita: 'online',
  });
  return backFromCheckout(family, started.headers.location, fields);
}

async function backFromCheckout(family: PayingFamily, checkoutUrl: string, fields: Record<string, string>) {
  const checkout = pathOf(checkoutUrl);
  await family.agent.get(checkout).expect(200);
  const back = await family.agent.post(checkout).type('form').send(fields);
  const page = await family.agent.get(pathOf(back.headers.location));
  expect(page.status).toBe(200);
  return page.text;
}

describe('return page from pagoPA', () => {
  it('after "Annulla": cancelled, nothing charged, the documents still to pay — not "in corso di verifica"', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4500, 3900] });
    const page = await payDocuments(family, { action: 'annulla' });
    expect(page).toContain('data-qa="outcome-cancelled"');
    expect(page).not.toContain('data-refresh-seconds');
    expect(text(page)).toContain('Pagamento annullato, nessun addebito');
    expect(text(page)).toContain(`I documenti n. ${family.invoices[0].number}, ${family.invoices[1].number} restano da pagare`);
    expect(text(page)).not.toContain('in corso di verifica');
  });

  it('after an error: not paid, nothing charged, and where a late charge would show', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4200] });
    const page = await payDocuments(family, { action: 'errore' });
    expect(page).toContain('data-qa="outcome-failed"');
    expect(text(page)).toContain('Il pagamento non è andato a buon fine: nessun addebito');
    expect(text(page)).toContain(`Il documento n. ${family.invoices[0].number} resta da pagare`);
    expect(text(page)).not.toContain('in corso di verifica');
  });

  it('after paying documents: which documents are paid', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4500, 3900] });
    const page = await payDocuments(family, { action: 'paga', consegna: 'push' });
    expect(page).toContain('data-qa="outcome-paid"');
    expect(text(page)).toContain(`Pagati i documenti n. ${family.invoices[0].number}, ${family.invoices[1].number}`);
  });

  it('after a top-up: the amount credited to whose account, never "documenti"', async () => {
    const family = await aPayingFamily(ctx);
    const page = await topUpOnline(family, { action: 'paga', consegna: 'push' });
    expect(page).toContain('data-qa="outcome-paid"');
    const name = `${family.student.firstName} ${family.student.lastName}`;
    expect(text(page)).toContain(`Ricarica di 20,00 € accreditata sul conto di ${name}`);
    expect(text(page)).not.toContain('documenti');
  });

  it('a top-up whose receipt has not arrived yet is "in verifica", and the page checks again by itself', async () => {
    const family = await aPayingFamily(ctx);
    const page = await topUpOnline(family, { action: 'paga', consegna: 'pull' });
    expect(page).toContain('data-qa="outcome-pending"');
    expect(page).toContain('data-refresh-seconds');
    expect(text(page)).toContain('Ricarica di 20,00 € in verifica');
  });

  it('a top-up cancelled at pagoPA: not made, nothing charged', async () => {
    const family = await aPayingFamily(ctx);
    const page = await topUpOnline(family, { action: 'annulla' });
    expect(text(page)).toContain('Pagamento annullato, nessun addebito');
    expect(text(page)).toContain('Ricarica di 20,00 € non effettuata');
  });
});
