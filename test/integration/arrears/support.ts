// A Comune with families in arrears on 18 November 2026 (the tests' day), another Comune with its own, and logins.
import { toDbDate } from '../../../src/domain/dates.ts';
import type { Prisma } from '../../../src/generated/prisma/client.ts';
import { aGuardian, aLocalAccount, anInvoiceNumber, aSchool, aService, aStudent, aTenant, TEST_PASSWORD } from '../../helpers/builders.ts';
import { agentFor, loginWithPassword, type Agent } from '../../helpers/http.ts';
import type { TestContext } from '../../helpers/test-app.ts';

type InvoiceFields = Partial<Prisma.InvoiceUncheckedCreateInput> & { dueOn: string; totalCents: number };

async function anInvoiceFor(ctx: TestContext, refs: { tenantId: string; guardianId: string; studentId: string }, fields: InvoiceFields) {
  const { dueOn, ...rest } = fields;
  return ctx.prisma.invoice.create({
    data: {
      ...refs,
      number: anInvoiceNumber(),
      issuedOn: toDbDate('2026-01-05'),
      description: `Refezione scolastica, scadenza ${dueOn}`,
      ...rest,
      dueOn: toDbDate(dueOn),
    },
  });
}

/** A notice pagoPA of one invoice, as the billing run leaves it (VALID, for the whole amount). */
export async function aValidNotice(
  ctx: TestContext,
  invoice: { id: string; tenantId: string; totalCents: number; number: string },
  n: number,
) {
  const iuv = `0${String(n).padStart(16, '0')}`;
  return ctx.prisma.paymentNotice.create({
    data: {
      tenantId: invoice.tenantId,
      noticeNumber: `3${iuv}`,
      iuv,
      iupd: `IUPD-${iuv}`,
      purpose: 'INVOICE',
      state: 'VALID',
      amountCents: invoice.totalCents,
      subject: `Documento n. ${invoice.number}`,
      dueOn: toDbDate('2026-12-31'),
      debtorFiscalCode: 'RSSMRA80A01F205X',
      debtorName: 'Mario Rossi',
      createdBy: 'test',
      items: { create: [{ tenantId: invoice.tenantId, invoiceId: invoice.id, amountCents: invoice.totalCents }] },
    },
  });
}

/**
 * Rossi (school A, canteen): 30,00 due 10/11 (8 days late) and 45,00 due 31/08 (79 days), plus a paid, a
 * cancelled and a credited document that are not arrears. Verdi (school B, transport): 60,00 due 30/06 (141
 * days) of which 20,00 paid, and one not yet due. Neri: an overdue direct debit still at the bank (not arrears).
 */
export async function anArrearsComune(ctx: TestContext) {
  const { prisma } = ctx;
  const tenant = await aTenant(prisma, { billingMode: 'POSTPAID' });
  const [schoolA, schoolB] = [
    await aSchool(prisma, tenant.id, { name: 'Primaria Alfa' }),
    await aSchool(prisma, tenant.id, { name: 'Primaria Beta' }),
  ];
  const canteen = await aService(prisma, tenant.id, { name: 'Refezione scolastica' });
  const transport = await aService(prisma, tenant.id, { name: 'Trasporto scolastico', kind: 'SCHOOL_BUS' });
  const rossi = await aGuardian(prisma, tenant.id, { firstName: 'Mario', lastName: 'Rossi' });
  const verdi = await aGuardian(prisma, tenant.id, { firstName: 'Anna', lastName: 'Verdi' });
  const neri = await aGuardian(prisma, tenant.id, { firstName: 'Luca', lastName: 'Neri' });
  const rossiChild = await aStudent(prisma, { tenantId: tenant.id, guardianId: rossi.id, schoolId: schoolA.id });
  const verdiChild = await aStudent(prisma, { tenantId: tenant.id, guardianId: verdi.id, schoolId: schoolB.id });
  const neriChild = await aStudent(prisma, { tenantId: tenant.id, guardianId: neri.id, schoolId: schoolA.id });
  const r = { tenantId: tenant.id, guardianId: rossi.id, studentId: rossiChild.id };
  const v = { tenantId: tenant.id, guardianId: verdi.id, studentId: verdiChild.id };
  const rossiRecent = await anInvoiceFor(ctx, r, { dueOn: '2026-11-10', totalCents: 3000, serviceId: canteen.id });
  const rossiOld = await anInvoiceFor(ctx, r, { dueOn: '2026-08-31', totalCents: 4500, serviceId: canteen.id });
  await anInvoiceFor(ctx, r, { dueOn: '2026-06-30', totalCents: 5000, paidCents: 5000, state: 'PAID', serviceId: canteen.id });
  await anInvoiceFor(ctx, r, { dueOn: '2026-06-30', totalCents: 5000, state: 'CANCELLED', serviceId: canteen.id });
  const credited = await anInvoiceFor(ctx, r, {
    dueOn: '2026-05-31',
    totalCents: 2000,
    paidCents: 2000,
    state: 'PAID',
    serviceId: canteen.id,
  });
  await anInvoiceFor(ctx, r, { dueOn: '2026-05-31', totalCents: -2000, kind: 'CREDIT_NOTE', creditedInvoiceId: credited.id });
  const verdiOld = await anInvoiceFor(ctx, v, {
    dueOn: '2026-06-30',
    totalCents: 6000,
    paidCents: 2000,
    state: 'PARTIALLY_PAID',
    serviceId: transport.id,
  });
  await anInvoiceFor(ctx, v, { dueOn: '2026-11-30', totalCents: 7000, serviceId: transport.id });
  await anInvoiceFor(
    ctx,
    { tenantId: tenant.id, guardianId: neri.id, studentId: neriChild.id },
    { dueOn: '2026-10-31', totalCents: 3300, serviceId: canteen.id, directDebit: 'IN_COLLECTION' },
  );
  const clerk = await aLocalAccount(prisma, tenant.id, { role: 'CLERK' });
  const admin = await aLocalAccount(prisma, tenant.id, { role: 'ADMIN' });
  const parent = await aLocalAccount(prisma, tenant.id, { role: 'COMPANY', guardianId: verdi.id, fullName: 'Anna Verdi' });
  return { tenant, schoolA, schoolB, canteen, transport, rossi, verdi, neri, rossiRecent, rossiOld, verdiOld, clerk, admin, parent };
}

export type ArrearsComune = Awaited<ReturnType<typeof anArrearsComune>>;

/** Another Comune with one family in arrears, and its clerk. */
export async function anotherComune(ctx: TestContext) {
  const tenant = await aTenant(ctx.prisma, { billingMode: 'POSTPAID' });
  const school = await aSchool(ctx.prisma, tenant.id);
  const guardian = await aGuardian(ctx.prisma, tenant.id, { firstName: 'Paolo', lastName: 'Gialli' });
  const student = await aStudent(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id });
  await anInvoiceFor(
    ctx,
    { tenantId: tenant.id, guardianId: guardian.id, studentId: student.id },
    { dueOn: '2026-09-30', totalCents: 9900 },
  );
  const clerk = await aLocalAccount(ctx.prisma, tenant.id, { role: 'CLERK' });
  return { tenant, guardian, clerk };
}

export async function loggedIn(ctx: TestContext, slug: string, account: { username: string }): Promise<Agent> {
  const agent = agentFor(ctx.app);
  const login = await loginWithPassword(agent, slug, account.username, TEST_PASSWORD);
  if (login.status !== 302) throw new Error(`login failed: ${login.status}`);
  return agent;
}
