import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { fromDbDate, type IsoDate } from '../../domain/dates.ts';
import type { Guardian, PaymentNotice, Tenant } from '../../generated/prisma/client.ts';
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

type Residence = Pick<Guardian, 'residenceStreet' | 'residenceZip' | 'residenceCity' | 'residenceProv'>;

/** The debtor's address as the avviso prints it, or null when the registry has none. */
export function guardianAddress(guardian: Residence): string | null {
  if (!guardian.residenceStreet) return null;
  const province = guardian.residenceProv ? `(${guardian.residenceProv})` : '';
  return `${guardian.residenceStreet}, ${guardian.residenceZip ?? ''} ${guardian.residenceCity ?? ''} ${province}`
    .replace(/\s+/g, ' ')
    .trim();
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
  return { notice, bytes: await buildNoticePdf(t, noticePdfData(tenant, notice, guardian && guardianAddress(guardian))) };
}

/** The receipt of a paid notice, from the receipt that paid it. */
export async function familyReceiptPdf(t: Translate, prisma: Db, auth: SessionAuth, tenant: Tenant, noticeId: string | undefined) {
  const notice = await familyNotice(prisma, auth, noticeId);
  const receipt = await prisma.receipt.findFirst({
    where: { tenantId: tenant.id, noticeId: notice.id, status: 'APPLIED' },
    orderBy: { paidAt: 'asc' },
  });
  if (notice.state !== 'PAID' || !receipt) throw new NotFoundError();
  const bytes = await buildReceiptPdf(t, {
    creditor: { name: tenant.name, fiscalCode: tenant.fiscalCode, sector: tenant.officeName },
    notice: {
      noticeNumber: notice.noticeNumber,
      iuv: notice.iuv,
      subject: notice.subject,
      amountCents: notice.amountCents,
      debtorName: notice.debtorName,
      debtorFiscalCode: notice.debtorFiscalCode,
    },
    receipt,
  });
  return { notice, bytes };
}
