import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { fromDbDate, type IsoDate } from '../../domain/dates.ts';
import type { DeskPayment, Guardian, PaymentNotice, Tenant } from '../../generated/prisma/client.ts';
import { residenceLine } from '../../pdf/blocks.ts';
import { buildNoticePdf, type NoticePdfData } from '../../pdf/notice-pdf.ts';
import { buildReceiptPdf } from '../../pdf/receipt-pdf.ts';
import { NotFoundError } from '../../web/errors.ts';
import type { Translate } from '../../web/i18n.ts';
import { familyInvoiceWhere, familyStudentWhere } from '../family/scope.ts';
import { isExpired } from './service.ts';

/** What the printed avviso says, from the notice and its Comune (shared by parents' and cashiers' pages). */
export function noticePdfData(tenant: Tenant, notice: PaymentNotice, debtorAddress: string | null): NoticePdfData {
  return {
    creditor: {
      name: tenant.name,
      sector: tenant.officeName,
      fiscalCode: tenant.fiscalCode,
      cbillCode: tenant.cbillCode,
      postalAccount: tenant.postalAccount,
      info: `${tenant.officeEmail} · ${tenant.officePhone} · ${tenant.websiteUrl}`,
    },
    debtor: { fiscalCode: notice.debtorFiscalCode, name: notice.debtorName, address: debtorAddress },
    notice: {
      noticeNumber: notice.noticeNumber,
      amountCents: notice.amountCents,
      dueOn: notice.dueOn ? fromDbDate(notice.dueOn) : null,
      subject: notice.subject,
    },
  };
}

/** The family's address on one line, as an avviso or a letter prints it; null when the registry has none. */
export function postalAddress(
  guardian: Pick<Guardian, 'residenceStreet' | 'residenceZip' | 'residenceCity' | 'residenceProv'>,
): string | null {
  return guardian.residenceStreet ? residenceLine(guardian) : null;
}

async function familyNotice(prisma: Db, auth: SessionAuth, noticeId: string | undefined) {
  if (!noticeId || !/^[0-9a-f-]{36}$/i.test(noticeId)) throw new NotFoundError();
  const notice = await prisma.paymentNotice.findFirst({
    where: {
      id: noticeId,
      tenantId: auth.tenantId,
      // the notice of a family invoice (several siblings) names no student: it is the family's through its invoice
      OR: [{ student: familyStudentWhere(auth) }, { items: { some: { invoice: familyInvoiceWhere(auth) } } }],
    },
  });
  if (!notice) throw new NotFoundError();
  return notice;
}

/** The avviso of a notice the family can still pay. */
export async function familyNoticePdf(
  t: Translate,
  prisma: Db,
  auth: SessionAuth,
  tenant: Tenant,
  noticeId: string | undefined,
  today: IsoDate,
) {
  const notice = await familyNotice(prisma, auth, noticeId);
  // An expired avviso is not printed: whoever took it to a tabaccheria could no longer pay it.
  if (notice.state !== 'VALID' || isExpired(notice, today)) throw new NotFoundError();
  const guardian = await prisma.guardian.findFirst({ where: { tenantId: tenant.id, fiscalCode: notice.debtorFiscalCode } });
  return { notice, bytes: await buildNoticePdf(t, noticePdfData(tenant, notice, guardian && postalAddress(guardian))) };
}

function receiptNotice(notice: PaymentNotice) {
  return {
    noticeNumber: notice.noticeNumber,
    iuv: notice.iuv,
    subject: notice.subject,
    amountCents: notice.amountCents,
    debtorName: notice.debtorName,
    debtorFiscalCode: notice.debtorFiscalCode,
  };
}

const creditorOf = (tenant: Tenant) => ({ name: tenant.name, fiscalCode: tenant.fiscalCode, sector: tenant.officeName });

/** The desk receipt of a notice paid at the Comune's desk: the method and the cashier where a PSP would be. */
export function deskReceiptBytes(t: Translate, tenant: Tenant, notice: PaymentNotice, payment: DeskPayment): Promise<Buffer> {
  return buildReceiptPdf(
    t,
    {
      creditor: creditorOf(tenant),
      notice: receiptNotice(notice),
      receipt: {
        receiptId: payment.id,
        paidAt: payment.paidAt,
        amountCents: payment.amountCents,
        feeCents: null,
        pspName: t(`pdf.deskReceipt.methods.${payment.method}`),
        pspId: payment.cashierName,
        // who handed the money over is not asked at the desk: the debtor is printed above
        payerName: null,
        payerFiscalCode: null,
      },
    },
    'desk',
  );
}

/** The receipt of a paid notice: from the pagoPA receipt that paid it, or from the desk payment. */
export async function familyReceiptPdf(t: Translate, prisma: Db, auth: SessionAuth, tenant: Tenant, noticeId: string | undefined) {
  const notice = await familyNotice(prisma, auth, noticeId);
  if (notice.state !== 'PAID') throw new NotFoundError();
  const receipt = await prisma.receipt.findFirst({
    where: { tenantId: tenant.id, noticeId: notice.id, status: 'APPLIED' },
    orderBy: { paidAt: 'asc' },
  });
  if (receipt) return { notice, bytes: await buildReceiptPdf(t, { creditor: creditorOf(tenant), notice: receiptNotice(notice), receipt }) };
  const deskPayment = await prisma.deskPayment.findFirst({ where: { tenantId: tenant.id, noticeId: notice.id } });
  if (!deskPayment) throw new NotFoundError();
  return { notice, bytes: await deskReceiptBytes(t, tenant, notice, deskPayment) };
}
