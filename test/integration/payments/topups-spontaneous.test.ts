import { describe, expect, it } from 'vitest';
import { submitForm } from '../../helpers/http.ts';
import { formOn } from '../../helpers/login.ts';
import { aPayingFamily, pathOf } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ listen: true });

type Family = Awaited<ReturnType<typeof aPayingFamily>>;
const topUp = (family: Family, fields: Record<string, string>) =>
  submitForm(family.agent, `/${family.tenant.slug}/ricariche`, `/${family.tenant.slug}/ricariche`, {
    alunno: family.student.id,
    servizio: family.service.id,
    ...fields,
  });

describe('Ricariche', () => {
  it('refuses amounts outside the limits or not in euro, keeping what was typed, creating nothing', async () => {
    const family = await aPayingFamily(ctx);
    for (const [typed, message] of [
      ['3', "L'importo deve essere tra 5,00"],
      ['600', "L'importo deve essere tra 5,00"],
      ['dieci', "Scrivi l'importo in euro"],
    ]) {
      const refused = await topUp(family, { importo: 'altro', importoLibero: typed, modalita: 'avviso' });
      expect(refused.status).toBe(422);
      expect(refused.text.replace(/\u00a0/g, ' ').replace(/&#39;/g, "'")).toContain(message);
      expect(refused.text).toContain(`value="${typed}"`);
    }
    const noMode = await topUp(family, { importo: '1000' });
    expect(noMode.status).toBe(422);
    expect(noMode.text).toContain('Scegli come pagare');
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id } })).toBe(0);
  });

  it('"Pagamento on-line" goes straight to checkout; paying credits the wallet', async () => {
    const family = await aPayingFamily(ctx);
    const started = await topUp(family, { importo: '2000', modalita: 'online' });
    expect(started.status).toBe(303);
    const checkout = pathOf(started.headers.location);
    expect(checkout).toMatch(/^\/_pagopa\/checkout\/c\//);
    await family.agent.get(checkout).expect(200);
    const back = await family.agent.post(checkout).type('form').send({ action: 'paga', consegna: 'push' });
    const page = await family.agent.get(pathOf(back.headers.location));
    expect(page.text).toContain('data-qa="outcome-paid"');
    const movements = await ctx.prisma.walletMovement.findMany({ where: { walletId: family.wallet.id } });
    expect(movements.map((m) => [m.kind, m.amountCents])).toEqual([['TOP_UP', 2000]]);
  });

  it('"Genera avviso" first shows the top-up\'s summary; the avviso is issued only by "Genera Avviso di pagamento"', async () => {
    const family = await aPayingFamily(ctx);
    const summary = await topUp(family, { importo: 'altro', importoLibero: '15,50', modalita: 'avviso' });
    expect(summary.status).toBe(200);
    const shown = summary.text.replace(/\u00a0/g, ' ');
    expect(shown).toContain('data-qa="topup-summary"');
    expect(shown).toContain('15,50 €');
    expect(shown).toContain(`${family.student.firstName} ${family.student.lastName}`);
    expect(shown).toContain(family.service.name);
    expect(shown).toContain('Genera Avviso di pagamento');
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id } })).toBe(0);

    const confirm = formOn(summary.text, 'topup-confirm-form');
    expect(confirm.fields._csrf).toBeTruthy();
    const forged = await family.agent
      .post(confirm.action)
      .type('form')
      .send({ ...confirm.fields, _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id } })).toBe(0);

    const generated = await family.agent.post(confirm.action).type('form').send(confirm.fields);
    expect(generated.status).toBe(303);
    const notices = await ctx.prisma.paymentNotice.findMany({ where: { tenantId: family.tenant.id } });
    expect(notices.map((n) => [n.purpose, n.amountCents, n.state])).toEqual([['TOP_UP', 1550, 'VALID']]);
    const list = await family.agent.get(generated.headers.location);
    expect(list.text).toContain('data-qa="topup-notice"');
  });

  it('a child of another family is 404; a service without wallet is a form error', async () => {
    const family = await aPayingFamily(ctx);
    const other = await aPayingFamily(ctx, { tenant: family.tenant, firstInvoiceNumber: 500 });
    const foreign = await submitForm(family.agent, `/${family.tenant.slug}/ricariche`, `/${family.tenant.slug}/ricariche`, {
      alunno: other.student.id,
      servizio: family.service.id,
      importo: '1000',
      modalita: 'avviso',
    });
    expect(foreign.status).toBe(404);
    const bus = await ctx.prisma.service.create({
      data: { tenantId: family.tenant.id, code: 'BUS', name: 'Scuolabus', kind: 'SCHOOL_BUS' },
    });
    const noWallet = await topUp(family, { servizio: bus.id, importo: '1000', modalita: 'avviso' });
    expect(noWallet.status).toBe(422);
    expect(noWallet.text).toContain('non prevede ricariche');
  });

  it('asks for the missing "dati obbligatori" before a top-up', async () => {
    const family = await aPayingFamily(ctx);
    await ctx.prisma.guardian.update({ where: { id: family.guardian.id }, data: { email: null } });
    const detour = await topUp(family, { importo: '1000', modalita: 'avviso' });
    expect(detour.status).toBe(303);
    expect(detour.headers.location).toBe(
      `/${family.tenant.slug}/dati-obbligatori?ritorno=${encodeURIComponent(`/${family.tenant.slug}/ricariche`)}`,
    );
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id } })).toBe(0);
  });
});

describe('Pagamento spontaneo', () => {
  it('computes the amount from the chosen periods and pays those invoices through one notice', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4500, 3900, 5100] });
    const form = await family.agent.get(`/${family.tenant.slug}/pagamenti/spontaneo`);
    expect(form.text).toContain('settembre 2026');
    const missing = await submitForm(
      family.agent,
      `/${family.tenant.slug}/pagamenti/spontaneo`,
      `/${family.tenant.slug}/pagamenti/spontaneo`,
      { alunno: family.student.id, scuola: family.school.id },
    );
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Scegli almeno un periodo');
    const started = await submitForm(
      family.agent,
      `/${family.tenant.slug}/pagamenti/spontaneo`,
      `/${family.tenant.slug}/pagamenti/spontaneo`,
      {
        alunno: family.student.id,
        scuola: family.school.id,
        periodi: ['2026-09', '2026-11'],
      },
    );
    expect(started.status).toBe(303);
    const notice = await ctx.prisma.paymentNotice.findFirstOrThrow({ where: { tenantId: family.tenant.id }, include: { items: true } });
    expect(notice).toMatchObject({ purpose: 'SPONTANEOUS', amountCents: 9600, state: 'VALID' });
    expect(notice.items).toHaveLength(2);

    const checkout = pathOf(started.headers.location);
    await family.agent.get(checkout).expect(200);
    await family.agent.post(checkout).type('form').send({ action: 'paga' });
    const states = await ctx.prisma.invoice.findMany({
      where: { tenantId: family.tenant.id },
      orderBy: { period: 'asc' },
      select: { period: true, state: true },
    });
    expect(states).toEqual([
      { period: '2026-09', state: 'PAID' },
      { period: '2026-10', state: 'ISSUED' },
      { period: '2026-11', state: 'PAID' },
    ]);
  });
});
