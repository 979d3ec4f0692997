import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import { issueCreditNote } from '../../../src/features/billing/credit-notes.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { aLocalAccount, TEST_PASSWORD } from '../../helpers/builders.ts';
import { agentFor, loginWithPassword, submitForm } from '../../helpers/http.ts';
import { aPayingFamily, anInvoiceNotice, simulatePayment } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ demo: true, listen: true });

/** A post-paid family with one issued invoice of two lines (45,00 + 36,00), numbered 2026000500, and a clerk logged in. */
async function anInvoicedFamily(options: { paid?: boolean; notice?: boolean } = {}) {
  const family = await aPayingFamily(ctx, { billingMode: 'POSTPAID' });
  const invoice = await ctx.prisma.invoice.create({
    data: {
      tenantId: family.tenant.id,
      number: '2026000500',
      issuedOn: toDbDate('2026-11-05'),
      dueOn: toDbDate('2026-11-30'),
      guardianId: family.guardian.id,
      serviceId: family.service.id,
      period: '2026-10',
      description: 'Refezione scolastica — ottobre 2026',
      totalCents: 8100,
      ...(options.paid ? { paidCents: 8100, state: 'PAID' as const } : {}),
      lines: {
        create: [
          {
            tenantId: family.tenant.id,
            position: 1,
            studentId: family.student.id,
            description: 'Refezione ottobre 2026',
            quantity: 10,
            unitCents: 450,
            amountCents: 4500,
          },
          {
            tenantId: family.tenant.id,
            position: 2,
            studentId: family.student.id,
            description: 'Refezione ottobre 2026, seconda quota',
            quantity: 8,
            unitCents: 450,
            amountCents: 3600,
          },
        ],
      },
    },
    include: { lines: { orderBy: { position: 'asc' } } },
  });
  const notice = options.notice === false ? null : await anInvoiceNotice(ctx, { ...family, invoices: [invoice] });
  const clerk = await aLocalAccount(ctx.prisma, family.tenant.id, { role: 'CLERK' });
  const agent = agentFor(ctx.app);
  await loginWithPassword(agent, family.tenant.slug, clerk.username, TEST_PASSWORD);
  const detail = `/${family.tenant.slug}/admin/documenti/${invoice.id}`;
  const credit = (amounts: (string | undefined)[], motivo = 'Pasti non consumati per gita scolastica') =>
    submitForm(agent, `${detail}/nota-di-credito`, `${detail}/nota-di-credito`, {
      motivo,
      ...Object.fromEntries(invoice.lines.map((line, i) => [`importo-${line.id}`, amounts[i] ?? ''])),
    });
  return { family, invoice, notice, agent, detail, credit };
}

const creditNotesOf = (invoiceId: string) =>
  ctx.prisma.invoice.findMany({ where: { creditedInvoiceId: invoiceId }, include: { lines: true }, orderBy: { number: 'asc' } });

describe('a credit note on an unpaid invoice', () => {
  it('lowers what is due: the old notice is invalidated on pagoPA and a new one is issued for the rest', async () => {
    const { family, invoice, notice, agent, detail, credit } = await anInvoicedFamily();

    const done = await credit(['9,00']);

    expect(done.status).toBe(303);
    const [note] = await creditNotesOf(invoice.id);
    expect(note).toMatchObject({
      number: '2026000501',
      kind: 'CREDIT_NOTE',
      totalCents: -900,
      paidCents: -900,
      state: 'PAID',
      guardianId: family.guardian.id,
      issuedOn: toDbDate('2026-11-18'),
    });
    expect(note.lines).toEqual([
      expect.objectContaining({ amountCents: -900, quantity: 1, unitCents: -900, studentId: family.student.id }),
    ]);
    const after = await ctx.prisma.invoice.findUniqueOrThrow({
      where: { id: invoice.id },
      include: { lines: { orderBy: { position: 'asc' } } },
    });
    expect(after).toMatchObject({ totalCents: 8100, paidCents: 900, state: 'PARTIALLY_PAID' });
    expect(after.lines).toEqual(invoice.lines);

    expect(await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id: notice!.id } })).toMatchObject({ state: 'CANCELLED' });
    const refused = await request(ctx.baseUrl!)
      .post('/_pagopa/sim/payments')
      .send({ creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: notice!.noticeNumber });
    expect(refused.status).toBe(409);
    const fresh = await ctx.prisma.paymentNotice.findFirstOrThrow({
      where: { tenantId: family.tenant.id, state: 'VALID' },
      include: { items: true },
    });
    expect(fresh).toMatchObject({ amountCents: 7200, purpose: 'INVOICE' });
    expect(fresh.items).toEqual([expect.objectContaining({ invoiceId: invoice.id, amountCents: 7200 })]);

    const page = await agent.get(detail);
    expect(page.text).toContain('Nota di credito n. 2026000501 emessa');
    expect(page.text).toContain(fresh.noticeNumber);
    expect(page.text).toContain('2026000501');
    const notePage = await agent.get(`/${family.tenant.slug}/admin/documenti/${note.id}`);
    expect(notePage.text).toContain('Emessa (non da pagare)');
    expect(notePage.text).toContain(`href="${detail}"`);
    expect(notePage.text).not.toContain('data-qa="issue-credit-note"');
    expect((await agent.get(`${`/${family.tenant.slug}/admin/documenti/${note.id}`}/nota-di-credito`)).text).toContain(
      'non si può stornare con un’altra nota di credito',
    );

    await simulatePayment(ctx, { creditorFiscalCode: family.tenant.fiscalCode, noticeNumber: fresh.noticeNumber });
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ paidCents: 8100, state: 'PAID' });
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: family.tenant.id, action: 'CREDIT_NOTE_ISSUED' } });
    expect(audit).toMatchObject({ entityId: note.id, details: expect.objectContaining({ creditCents: 900, toInvoiceCents: 900 }) });
  });

  it('settles the invoice when it credits all of it, with no new notice', async () => {
    const { family, invoice, notice, credit } = await anInvoicedFamily();

    expect((await credit(['45,00', '36,00'])).status).toBe(303);

    const [note] = await creditNotesOf(invoice.id);
    expect(note.totalCents).toBe(-8100);
    expect(note.lines.map((l) => [l.quantity, l.unitCents, l.amountCents]).sort()).toEqual(
      [
        [10, -450, -4500],
        [8, -450, -3600],
      ].sort(),
    );
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ paidCents: 8100, state: 'PAID' });
    expect(await ctx.prisma.paymentNotice.findUniqueOrThrow({ where: { id: notice!.id } })).toMatchObject({ state: 'CANCELLED' });
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id, state: { in: ['VALID', 'DRAFT'] } } })).toBe(0);
  });
});

describe('a credit note on a paid invoice', () => {
  it('becomes a pending adjustment for the family’s next invoice of the service, and the page says so', async () => {
    const { family, invoice, agent, detail, credit } = await anInvoicedFamily({ paid: true, notice: false });

    expect((await credit(['', '4,50'], 'Pasto addebitato due volte')).status).toBe(303);

    const [note] = await creditNotesOf(invoice.id);
    expect(note).toMatchObject({ totalCents: -450, state: 'PAID' });
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({
      paidCents: 8100,
      state: 'PAID',
      totalCents: 8100,
    });
    const adjustments = await ctx.prisma.billingAdjustment.findMany({ where: { tenantId: family.tenant.id } });
    expect(adjustments).toEqual([
      expect.objectContaining({
        amountCents: -450,
        guardianId: family.guardian.id,
        serviceId: family.service.id,
        studentId: family.student.id,
        invoiceId: invoice.id,
        appliedInvoiceId: null,
      }),
    ]);
    const page = await agent.get(detail);
    expect(page.text).toContain('saranno detratti dal prossimo documento del servizio');
    expect(page.text).toContain('in attesa del prossimo documento');
  });
});

describe('the limits of a credit note', () => {
  it('refuses more than the total less the credits already issued, changing nothing; numbers follow without gaps', async () => {
    const { family, invoice, notice, credit } = await anInvoicedFamily();
    expect((await credit(['45,00', '35,00'])).status).toBe(303);
    const counts = async () => [
      await ctx.prisma.invoice.count({ where: { tenantId: family.tenant.id } }),
      await ctx.prisma.paymentNotice.count({ where: { tenantId: family.tenant.id } }),
      await ctx.prisma.auditEvent.count({ where: { tenantId: family.tenant.id } }),
    ];
    const before = await counts();
    const stateBefore = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } });

    const refused = await credit(['', '2,00']);

    expect(refused.status).toBe(422);
    expect(refused.text).toContain('il documento si può ancora stornare per 1,00');
    expect(refused.text).toContain('value="2,00"');
    expect(await counts()).toEqual(before);
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toEqual(stateBefore);

    expect((await credit(['', '50,00'])).text).toContain('supera quello della riga');
    expect((await credit(['', '1,00'], '')).text).toContain('Scrivi il motivo');
    expect((await credit(['', ''])).text).toContain('almeno una riga');

    expect((await credit(['', '1,00'])).status).toBe(303);
    expect((await creditNotesOf(invoice.id)).map((n) => n.number)).toEqual(['2026000501', '2026000502']);
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ paidCents: 8100, state: 'PAID' });
    expect(notice).not.toBeNull();
  });
});

describe('another Comune', () => {
  it('is 404 for the document, its credit note form and its post', async () => {
    const { invoice, family } = await anInvoicedFamily();
    const demoClerk = agentFor(ctx.app);
    await loginWithPassword(demoClerk, 'borgoverde', 'operatore', 'Demo2026!');
    const own = await demoClerk.get('/borgoverde/admin/documenti');
    expect(own.status).toBe(200);
    expect((await demoClerk.get(`/borgoverde/admin/documenti/${invoice.id}`)).status).toBe(404);
    expect((await demoClerk.get(`/borgoverde/admin/documenti/${invoice.id}/nota-di-credito`)).status).toBe(404);
    const token = /name="_csrf" value="([^"]+)"/.exec(own.text)?.[1] ?? '';
    const post = await demoClerk
      .post(`/borgoverde/admin/documenti/${invoice.id}/nota-di-credito`)
      .type('form')
      .send({ _csrf: token, motivo: 'Tentativo da un altro Comune', [`importo-${invoice.lines[0].id}`]: '1,00' });
    expect(post.status).toBe(404);
    expect((await demoClerk.get(`/${family.tenant.slug}/admin/documenti/${invoice.id}`)).status).not.toBe(200);
    expect(await ctx.prisma.invoice.count({ where: { creditedInvoiceId: invoice.id } })).toBe(0);
  });
});

describe('two clerks crediting the same invoice at once', () => {
  it('issue at most what the invoice allows, with consecutive numbers and one notice for the rest', async () => {
    const { family, invoice } = await anInvoicedFamily();
    const deps = { prisma: ctx.prisma, pagopa: createPagoPaGateway(ctx.config), now: new Date('2026-11-18T10:00:00Z') };
    const clerk = { kind: 'STAFF' as const, id: null, label: 'operatore' };
    const credit = (cents: number) =>
      issueCreditNote(deps, family.tenant, clerk, invoice.id, { reason: 'Rettifica', amounts: new Map([[invoice.lines[0].id, cents]]) });

    const outcomes = await Promise.all([credit(4500), credit(4000)]);

    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ ok: false, message: /ancora stornare per/ });
    const notes = await creditNotesOf(invoice.id);
    expect(notes.map((n) => n.number)).toEqual(['2026000501']);
    const after = await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    const open = await ctx.prisma.paymentNotice.findMany({ where: { tenantId: family.tenant.id, state: { in: ['VALID', 'DRAFT'] } } });
    expect(open).toHaveLength(1);
    expect(open[0].amountCents).toBe(after.totalCents - after.paidCents);
  });
});
