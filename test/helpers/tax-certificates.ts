// Builders of the payments a 730 certificate sums: a pagoPA receipt applied to invoices, a wallet top-up.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.ts';
import { romeInstant, toDbDate } from '../../src/domain/dates.ts';
import { aGuardian, anInvoice, aSchool, aService, aStudent, aTenant } from './builders.ts';
import { aFamilyInvoice } from './invoice-builders.ts';

let counter = 0;
const digits = (n: number, width: number) => String(n).padStart(width, '0');

/** A paid pagoPA notice for these invoices (each in full unless `amounts` says otherwise) and its applied receipt. */
export async function aReceiptFor(
  prisma: Db,
  tenantId: string,
  invoices: { id: string; totalCents: number; guardianId: string }[],
  paidAt: Date,
  amounts: number[] = invoices.map((i) => i.totalCents),
) {
  counter += 1;
  const iuv = `${digits(Date.now() % 1e9, 9)}${digits(counter, 8)}`;
  const amountCents = amounts.reduce((sum, a) => sum + a, 0);
  const notice = await prisma.paymentNotice.create({
    data: {
      tenantId,
      noticeNumber: `3${iuv}`,
      iuv,
      iupd: `IUPD-${iuv}`,
      purpose: 'INVOICE',
      state: 'PAID',
      amountCents,
      subject: 'Refezione scolastica',
      debtorFiscalCode: 'RSSMRA80A01F205X',
      debtorName: 'Mario Rossi',
      createdBy: 'test',
      paidAt,
      items: { create: invoices.map((invoice, i) => ({ tenantId, invoiceId: invoice.id, amountCents: amounts[i] })) },
    },
  });
  return prisma.receipt.create({
    data: {
      tenantId,
      receiptId: `RT-${randomUUID().slice(0, 8)}`,
      noticeNumber: notice.noticeNumber,
      iuv,
      noticeId: notice.id,
      outcome: 'OK',
      amountCents,
      paidAt,
      status: 'APPLIED',
      payload: {},
    },
  });
}

/** A top-up of the child's canteen wallet (created on first use): by a cashier at the desk unless `createdBy` says. */
export async function aTopUp(
  prisma: Db,
  refs: { tenantId: string; studentId: string; serviceId: string },
  occurredAt: Date,
  amountCents: number,
  createdBy = 'cassa',
) {
  const wallet = await prisma.wallet.upsert({
    where: { tenantId_studentId_serviceId: refs },
    create: refs,
    update: {},
  });
  return prisma.walletMovement.create({
    data: {
      tenantId: refs.tenantId,
      walletId: wallet.id,
      occurredAt,
      kind: 'TOP_UP',
      amountCents,
      description: 'Ricarica allo sportello',
      createdBy,
    },
  });
}

/**
 * A Comune with a family of two children who paid in 2025 and 2026 by every channel, and another family:
 * Anna's 2025 is 81,00 € by pagoPA on 31 Dec 23:30 (Rome) + 13,50 € (her part of a siblings' SDD invoice) + 50,00 € at
 * the desk = 144,50 €; her 45,00 € paid on 1 Jan 2026 00:30 (Rome) is 2026's. Luca's 2025 is 9,00 €.
 */
export async function aFamilyThatPaid(prisma: Db) {
  const tenant = await aTenant(prisma, { billingMode: 'POSTPAID' });
  const school = await aSchool(prisma, tenant.id);
  const service = await aService(prisma, tenant.id);
  const guardian = await aGuardian(prisma, tenant.id, { firstName: 'Maria', lastName: 'Conti' });
  const refs = { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id };
  const anna = await aStudent(prisma, refs, { firstName: 'Anna', lastName: 'Conti', sex: 'F' });
  const luca = await aStudent(prisma, refs, { firstName: 'Luca', lastName: 'Conti' });
  const otherGuardian = await aGuardian(prisma, tenant.id, { firstName: 'Piero', lastName: 'Galli' });
  const bruno = await aStudent(prisma, { ...refs, guardianId: otherGuardian.id }, { firstName: 'Bruno', lastName: 'Galli' });

  const own = { tenantId: tenant.id, guardianId: guardian.id };
  const december = await anInvoice(prisma, { ...own, studentId: anna.id }, { totalCents: 8_100, period: '2025-11' });
  await aReceiptFor(prisma, tenant.id, [december], romeInstant('2025-12-31', '23:30'));
  const january = await anInvoice(prisma, { ...own, studentId: anna.id }, { totalCents: 4_500, period: '2025-12' });
  await aReceiptFor(prisma, tenant.id, [january], romeInstant('2026-01-01', '00:30'));
  const flagged = await anInvoice(prisma, { ...own, studentId: anna.id }, { totalCents: 999 });
  const wrong = await aReceiptFor(prisma, tenant.id, [flagged], romeInstant('2025-05-05', '10:00'));
  await prisma.receipt.update({ where: { id: wrong.id }, data: { status: 'FLAGGED', flag: 'WRONG_AMOUNT' } });
  await aFamilyInvoice(
    prisma,
    { tenantId: tenant.id, guardianId: guardian.id },
    [
      { student: anna, charged: ['2025-05-05', '2025-05-06', '2025-05-07'] },
      { student: luca, charged: ['2025-05-05', '2025-05-06'] },
    ],
    { period: '2025-05', directDebit: 'COLLECTED', directDebitOn: toDbDate('2025-06-10'), state: 'PAID', paidCents: 2_250 },
  );
  await aTopUp(prisma, { tenantId: tenant.id, studentId: anna.id, serviceId: service.id }, romeInstant('2025-03-03', '10:00'), 5_000);
  const brunoInvoice = await anInvoice(
    prisma,
    { tenantId: tenant.id, guardianId: otherGuardian.id, studentId: bruno.id },
    { totalCents: 3_000 },
  );
  await aReceiptFor(prisma, tenant.id, [brunoInvoice], romeInstant('2025-10-10', '12:00'));

  return { tenant, guardian, otherGuardian, anna, luca, bruno };
}
