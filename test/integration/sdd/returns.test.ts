// The office builds an SDD file, uploads the bank's return; the parent pays the bounced debits with pagoPA.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/audit.ts';
import { toDbDate } from '../../../src/domain/dates.ts';
import { createSddBatch } from '../../../src/features/sdd/batch.ts';
import { csrfTokenFrom, submitForm, type Agent } from '../../helpers/http.ts';
import { pathOf, startSpontaneousPayment } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { visibleText } from '../admin-canteen/support.ts';
import { aClerkOf, aPain002, anSddComune, anSddFamily } from './support.ts';

const ctx = useTestContext({ listen: true });

async function uploadReturn(clerk: Agent, slug: string, content: string, filename: string) {
  const page = await clerk.get(`/${slug}/admin/addebiti`);
  return clerk
    .post(`/${slug}/admin/addebiti/esiti`)
    .field('_csrf', csrfTokenFrom(page.text))
    .attach('file', Buffer.from(content), { filename, contentType: 'application/octet-stream' });
}

const debitStates = (tenantId: string) =>
  ctx.prisma.invoice.findMany({
    where: { tenantId },
    orderBy: { number: 'asc' },
    select: { number: true, state: true, paidCents: true, directDebit: true, directDebitOn: true, directDebitReason: true },
  });

describe('SDD returns', () => {
  it('a pain.002 makes two debits insoluto and one paid, once; the parent then pays exactly those two with pagoPA', async () => {
    const tenant = await anSddComune(ctx);
    const family = await anSddFamily(ctx, tenant, { invoices: [4500, 3900, 5100], firstInvoiceNumber: 100 });
    // a monthly run's family invoice: no child on the invoice, the child on its lines
    await ctx.prisma.invoice.create({
      data: {
        tenantId: tenant.id,
        number: '2026/103',
        issuedOn: toDbDate('2026-11-05'),
        dueOn: toDbDate('2026-11-30'),
        guardianId: family.guardian.id,
        serviceId: family.service.id,
        period: '2026-12',
        description: 'Refezione scolastica 12/2026',
        totalCents: 2500,
        lines: {
          create: [
            {
              tenantId: tenant.id,
              position: 1,
              studentId: family.student.id,
              description: 'Pasti',
              quantity: 5,
              unitCents: 500,
              amountCents: 2500,
            },
          ],
        },
      },
    });
    const clerk = await aClerkOf(ctx, tenant);
    const area = `/${tenant.slug}/admin/addebiti`;
    expect(visibleText((await clerk.get(area)).text)).toContain('Documenti da addebitare: 4');

    const tooSoon = await submitForm(clerk, area, `${area}/genera`, { collectionOn: '18/11/2026' });
    expect(tooSoon.status).toBe(422);
    expect(visibleText(tooSoon.text)).toContain('almeno il prossimo giorno lavorativo, il 19/11/2026');
    expect(await ctx.prisma.sddBatch.count({ where: { tenantId: tenant.id } })).toBe(0);
    const generated = await submitForm(clerk, area, `${area}/genera`, { collectionOn: '25/11/2026' });
    expect(generated.status).toBe(303);
    const batch = await ctx.prisma.sddBatch.findFirstOrThrow({ where: { tenantId: tenant.id }, include: { items: true } });
    expect([batch.count, batch.totalCents]).toEqual([4, 16000]);
    const listed = await clerk.get(area);
    expect(visibleText(listed.text)).toContain('File SDD creato: 4 addebiti per 160,00');
    expect(listed.text).toContain(`data-batch-id="${batch.id}"`);

    const invoiceIds = new Map((await ctx.prisma.invoice.findMany({ where: { tenantId: tenant.id } })).map((i) => [i.number, i.id]));
    const e2e = (number: string) => batch.items.find((item) => item.invoiceId === invoiceIds.get(number))!.endToEndId;
    const pain002 = aPain002(batch.messageId, [
      { endToEndId: e2e('2026/100'), status: 'RJCT', reason: 'AM04' },
      { endToEndId: e2e('2026/101'), status: 'ACSC' },
      { endToEndId: e2e('2026/103'), status: 'RJCT', reason: 'MD01' },
      { endToEndId: 'SCONOSCIUTO-1', status: 'RJCT', reason: 'AC04' },
    ]);
    const imported = await uploadReturn(clerk, tenant.slug, pain002, 'esito.xml');
    expect(imported.status).toBe(200);
    const summary = visibleText(imported.text);
    expect(summary).toContain('Insoluti registrati: 2');
    expect(summary).toContain('Addebiti incassati: 1');
    expect(summary).toContain('Riferimenti sconosciuti: 1: SCONOSCIUTO-1');
    const after = await debitStates(tenant.id);
    const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
    expect(after.map((i) => [i.number, i.state, i.paidCents, i.directDebit, day(i.directDebitOn), i.directDebitReason])).toEqual([
      ['2026/100', 'ISSUED', 0, 'RETURNED', '2026-11-26', 'AM04 — fondi insufficienti'],
      ['2026/101', 'PAID', 3900, 'COLLECTED', '2026-11-25', null],
      ['2026/102', 'ISSUED', 0, 'IN_COLLECTION', null, null],
      ['2026/103', 'ISSUED', 0, 'RETURNED', '2026-11-26', 'MD01 — mandato assente'],
    ]);
    const audits = await ctx.prisma.auditEvent.groupBy({
      by: ['action'],
      where: { tenantId: tenant.id, action: { startsWith: 'SDD_' } },
      _count: true,
    });
    expect(Object.fromEntries(audits.map((a) => [a.action, a._count]))).toEqual({
      SDD_BATCH_CREATED: 1,
      SDD_DEBIT_RETURNED: 2,
      SDD_DEBIT_COLLECTED: 1,
      SDD_RETURN_IMPORTED: 1,
    });

    const replay = visibleText((await uploadReturn(clerk, tenant.slug, pain002, 'esito.xml')).text);
    expect(replay).toContain('Insoluti registrati: 0');
    expect(replay).toContain('Addebiti incassati: 0');
    expect(replay).toContain('Già registrati (nessuna modifica): 3');
    expect(await debitStates(tenant.id)).toEqual(after);

    // the debit still at the bank is not payable with pagoPA; the returned ones are
    const payable = visibleText((await family.agent.get(`/${tenant.slug}/pagamenti`)).text);
    expect(payable).toContain('2026/100');
    expect(payable).not.toContain('2026/102');
    const page = await family.agent.get(`/${tenant.slug}/pagamenti/spontaneo`);
    expect([...page.text.matchAll(/name="periodi"[^>]*value="([^"]+)"/g)].map((m) => m[1])).toEqual(['2026-09', '2026-12']);
    const refused = await startSpontaneousPayment(family, ['2026-11']);
    expect(refused.status).toBe(422);
    const started = await startSpontaneousPayment(family, ['2026-09', '2026-12']);
    expect(started.status).toBe(303);
    const notice = await ctx.prisma.paymentNotice.findFirstOrThrow({ where: { tenantId: tenant.id }, include: { items: true } });
    expect([notice.purpose, notice.amountCents, notice.items.length]).toEqual(['SPONTANEOUS', 7000, 2]);
    const checkout = pathOf(started.headers.location);
    await family.agent.get(checkout).expect(200);
    await family.agent.post(checkout).type('form').send({ action: 'paga' });
    const paid = await debitStates(tenant.id);
    expect(paid.map((i) => [i.number, i.state, i.directDebit])).toEqual([
      ['2026/100', 'PAID', 'RETURNED'],
      ['2026/101', 'PAID', 'COLLECTED'],
      ['2026/102', 'ISSUED', 'IN_COLLECTION'],
      ['2026/103', 'PAID', 'RETURNED'],
    ]);
  });

  it("reads the bank's CSV of unpaid items (';' or ','), idempotently, and refuses a file that is neither", async () => {
    const tenant = await anSddComune(ctx);
    const family = await anSddFamily(ctx, tenant, { invoices: [4500, 3900], firstInvoiceNumber: 700 });
    const batch = await createSddBatch(
      ctx.prisma,
      tenant,
      { billingRunId: null, invoiceIds: family.invoices.map((i) => i.id), collectionOn: '2026-11-25' },
      SYSTEM_ACTOR,
    );
    const items = await ctx.prisma.sddBatchItem.findMany({ where: { batchId: batch!.id }, orderBy: { amountCents: 'desc' } });
    const clerk = await aClerkOf(ctx, tenant);
    const csv = `Riferimento end-to-end;Mandato;Importo;Causale;Data\n${items[0].endToEndId};MND;45,00;AM04 Fondi insufficienti;27/11/2026\n`;
    const first = visibleText((await uploadReturn(clerk, tenant.slug, csv, 'insoluti.csv')).text);
    expect(first).toContain('Insoluti registrati: 1');
    const comma = `riferimento end to end,importo,codice motivo,data\n${items[0].endToEndId},45.00,AM04,27/11/2026\n${items[1].endToEndId},39.00,MS02,28/11/2026\n`;
    const second = visibleText((await uploadReturn(clerk, tenant.slug, comma, 'insoluti2.csv')).text);
    expect(second).toContain('Insoluti registrati: 1');
    expect(second).toContain('Già registrati (nessuna modifica): 1');
    const states = await debitStates(tenant.id);
    expect(states.map((i) => [i.number, i.directDebit, i.directDebitOn?.toISOString().slice(0, 10), i.directDebitReason])).toEqual([
      ['2026/700', 'RETURNED', '2026-11-27', 'AM04 — fondi insufficienti'],
      ['2026/701', 'RETURNED', '2026-11-28', 'MS02 — rifiutato dal debitore'],
    ]);
    const wrong = await uploadReturn(clerk, tenant.slug, 'nome;cognome\nMario;Rossi\n', 'altro.csv');
    expect(wrong.status).toBe(422);
    expect(visibleText(wrong.text)).toContain('non ha la colonna del riferimento end-to-end');
  });

  it('downloads the XML as an attachment, never cached; a clerk of another Comune gets 404', async () => {
    const tenant = await anSddComune(ctx);
    const family = await anSddFamily(ctx, tenant, { invoices: [4500], firstInvoiceNumber: 800 });
    const batch = await createSddBatch(
      ctx.prisma,
      tenant,
      { billingRunId: null, invoiceIds: [family.invoices[0].id], collectionOn: '2026-11-25' },
      SYSTEM_ACTOR,
    );
    const own = await aClerkOf(ctx, tenant);
    const file = await own.get(`/${tenant.slug}/admin/addebiti/${batch!.id}/file.xml`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?${batch!.messageId}\\.xml"?$`));
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.headers['content-type']).toContain('application/xml');
    expect(file.text).toBe(batch!.xml);

    const otherTenant = await anSddComune(ctx);
    const stranger = await aClerkOf(ctx, otherTenant);
    expect((await stranger.get(`/${otherTenant.slug}/admin/addebiti/${batch!.id}/file.xml`)).status).toBe(404);
    expect((await stranger.get(`/${otherTenant.slug}/admin/addebiti/not-a-uuid/file.xml`)).status).toBe(404);
    const returned = aPain002(batch!.messageId, [
      {
        endToEndId: (await ctx.prisma.sddBatchItem.findFirstOrThrow({ where: { batchId: batch!.id } })).endToEndId,
        status: 'RJCT',
        reason: 'AM04',
      },
    ]);
    expect(visibleText((await uploadReturn(stranger, otherTenant.slug, returned, 'esito.xml')).text)).toContain(
      'Riferimenti sconosciuti: 1',
    );
    expect((await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: family.invoices[0].id } })).directDebit).toBe('IN_COLLECTION');
  });
});
