import { randomInt } from 'node:crypto';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/audit.ts';
import { toDbDate, type IsoDate } from '../../src/domain/dates.ts';
import { createPagoPaGateway } from '../../src/pagopa/index.ts';
import { issueNotice } from '../../src/pagopa/notices.ts';
import { aGuardian, aLocalAccount, aSchool, aStudent, aTenant, TEST_PASSWORD } from './builders.ts';
import { loginWithPassword, submitForm, type Agent } from './http.ts';
import { formOn } from './login.ts';
import type { TestContext } from './test-app.ts';

/**
 * A Comune with one family that logs in as a company account (the citizen login available to tests
 * without SAML), a child, a canteen wallet, and unpaid invoices of the given amounts (one per month from Sep 2026).
 */
export async function aPayingFamily(
  ctx: TestContext,
  options: {
    invoices?: number[];
    billingMode?: 'PREPAID' | 'POSTPAID';
    tenant?: Awaited<ReturnType<typeof aTenant>>;
    firstInvoiceNumber?: number;
    postalAccount?: string;
  } = {},
) {
  const { prisma } = ctx;
  // Each Comune has its own fiscal code: pagoPA routes receipts by it.
  const fiscalCode = `8${String(randomInt(10 ** 9)).padStart(10, '0')}`;
  const tenant =
    options.tenant ??
    (await aTenant(prisma, { billingMode: options.billingMode ?? 'PREPAID', fiscalCode, postalAccount: options.postalAccount ?? null }));
  const school = await aSchool(prisma, tenant.id);
  const guardian = await aGuardian(prisma, tenant.id);
  const student = await aStudent(prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id });
  const service =
    (await prisma.service.findFirst({ where: { tenantId: tenant.id, code: 'MENSA' } })) ??
    (await prisma.service.create({ data: { tenantId: tenant.id, code: 'MENSA', name: 'Refezione scolastica', kind: 'CANTEEN' } }));
  const wallet = await prisma.wallet.create({ data: { tenantId: tenant.id, studentId: student.id, serviceId: service.id } });
  const account = await aLocalAccount(prisma, tenant.id, {
    role: 'COMPANY',
    guardianId: guardian.id,
    fullName: `${guardian.firstName} ${guardian.lastName}`,
  });
  const invoices = [];
  for (const [i, totalCents] of (options.invoices ?? []).entries()) {
    const month = String(9 + i > 12 ? 9 + i - 12 : 9 + i).padStart(2, '0');
    const year = 9 + i > 12 ? 2027 : 2026;
    invoices.push(
      await prisma.invoice.create({
        data: {
          tenantId: tenant.id,
          number: `2026/${String((options.firstInvoiceNumber ?? 100) + i)}`,
          issuedOn: toDbDate(`${year}-${month}-01`),
          dueOn: toDbDate(`${year}-${month}-28`),
          guardianId: guardian.id,
          studentId: student.id,
          serviceId: service.id,
          period: `${year}-${month}`,
          description: `Refezione scolastica ${month}/${year}`,
          totalCents,
        },
      }),
    );
  }
  const agent: Agent = request.agent(ctx.baseUrl);
  const login = await loginWithPassword(agent, tenant.slug, account.username, TEST_PASSWORD);
  if (login.status !== 302) throw new Error(`login failed: ${login.status}`);
  return { tenant, school, guardian, student, service, wallet, invoices, agent };
}

export type PayingFamily = Awaited<ReturnType<typeof aPayingFamily>>;

/**
 * "Genera avviso di pagamento" on the Ricariche page, then "Genera Avviso di pagamento" on its summary, as the
 * parent does it; returns the new top-up notice. `importo` is a preset in cents or a typed amount ("15,50").
 */
export async function aTopUpAvviso(ctx: TestContext, family: PayingFamily, importo = '2000') {
  const page = `/${family.tenant.slug}/ricariche`;
  const amount: Record<string, string> = ['1000', '2000', '5000'].includes(importo)
    ? { importo }
    : { importo: 'altro', importoLibero: importo };
  const summary = await submitForm(family.agent, page, page, {
    alunno: family.student.id,
    servizio: family.service.id,
    ...amount,
    modalita: 'avviso',
  });
  if (summary.status !== 200) throw new Error(`top-up summary refused: ${summary.status}`);
  const confirm = formOn(summary.text, 'topup-confirm-form');
  const generated = await family.agent.post(confirm.action).type('form').send(confirm.fields);
  if (generated.status !== 303) throw new Error(`top-up avviso refused: ${generated.status}`);
  return ctx.prisma.paymentNotice.findFirstOrThrow({
    where: { tenantId: family.tenant.id, purpose: 'TOP_UP' },
    orderBy: { createdAt: 'desc' },
  });
}

/** "Pagamento spontaneo" of some periods of the family's child: the answer redirects to checkout. */
export function startSpontaneousPayment(family: PayingFamily, periodi: string | string[]) {
  const page = `/${family.tenant.slug}/pagamenti/spontaneo`;
  return submitForm(family.agent, page, page, { alunno: family.student.id, scuola: family.school.id, periodi });
}

/** A notice for one of the family's invoices, issued the way the portal issues it: DB row + GPD position on the simulator. */
export function anInvoiceNotice(ctx: TestContext, family: PayingFamily, options: { index?: number; dueOn?: IsoDate } = {}) {
  const invoice = family.invoices[options.index ?? 0];
  return issueNotice(
    { prisma: ctx.prisma, pagopa: createPagoPaGateway(ctx.config) },
    family.tenant,
    {
      purpose: 'INVOICE',
      amountCents: invoice.totalCents,
      subject: `Documento n. ${invoice.number}`,
      dueOn: options.dueOn ?? '2026-12-31',
      debtor: { fiscalCode: family.guardian.fiscalCode, name: 'Laura Bianchi' },
      studentId: family.student.id,
      items: [{ invoiceId: invoice.id, amountCents: invoice.totalCents }],
    },
    SYSTEM_ACTOR,
  );
}

/** Tells the simulator (over HTTP, as a test would drive pagoPA) to pay a notice and deliver its receipt. */
export async function simulatePayment(
  ctx: TestContext,
  command: {
    creditorFiscalCode: string;
    noticeNumber: string;
    amountCents?: number;
    push?: boolean;
    copies?: number;
    concurrent?: boolean;
    delayMs?: number;
    force?: boolean;
  },
) {
  const response = await request(ctx.baseUrl!).post('/_pagopa/sim/payments').send(command);
  if (response.status !== 201) throw new Error(`simulator refused: ${response.status} ${response.text}`);
  return response.body as { receiptId: string; iuv: string };
}

/** The path and query of an absolute URL on the test server. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
