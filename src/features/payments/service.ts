import { actorOf, recordAudit } from '../../audit.ts';
import type { SessionAuth } from '../../auth/session-auth.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import type { Clock } from '../../domain/clock.ts';
import { addDays, fromDbDate, romeDateOf, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { noticeExpiredOn } from '../../domain/notice-expiry.ts';
import { moveCart } from '../../domain/state-machines.ts';
import type { PaymentNotice, Tenant } from '../../generated/prisma/client.ts';
import { MAX_CART_NOTICES, PagoPaRefusedError, type PagoPaGateway } from '../../pagopa/gateway.ts';
import { expireDueNotices, issueNotice, publishNotice } from '../../pagopa/notices.ts';
import { localizedRefusal, NotFoundError } from '../../web/errors.ts';
import { familyInvoiceWhere, familyStudentWhere } from '../family/scope.ts';
import { invoiceChildrenNames } from '../invoices/sections.ts';

export interface PaymentDeps {
  prisma: Db;
  pagopa: PagoPaGateway;
  baseUrl: string;
  clock: Clock;
}

const NAMED = { select: { id: true, firstName: true, lastName: true } } as const;
const OPEN_NOTICE = { in: ['DRAFT', 'VALID'] as ('DRAFT' | 'VALID')[] };

export interface PayableRow {
  key: string;
  dueOn: Date | null;
  issuedOn: Date;
  number: string;
  instalment: number;
  studentName: string;
  description: string;
  amountCents: number;
  /** the notice to print, when one exists already */
  noticeId: string | null;
  /** an avviso past its expiry: shown as "Scaduto", neither printable nor payable; a top-up one can be renewed */
  expired: boolean;
  renewable: boolean;
}

/** How long an expired avviso stays on the parent's pages (so they see it expired and can renew it). */
export const EXPIRED_SHOWN_DAYS = 30;

/** Notices issued on their own that the family sees: payable ones, and recently expired ones. */
export function shownNoticeStates(today: IsoDate) {
  return [{ state: 'VALID' as const }, { state: 'EXPIRED' as const, dueOn: { gte: toDbDate(addDays(today, -EXPIRED_SHOWN_DAYS)) } }];
}

/** Expired by its state, or by the rule already (the expiry job has not passed yet today). */
export function isExpired(notice: Pick<PaymentNotice, 'state' | 'purpose' | 'dueOn'>, today: IsoDate): boolean {
  return notice.state === 'EXPIRED' || noticeExpiredOn({ purpose: notice.purpose, dueOn: notice.dueOn && fromDbDate(notice.dueOn) }, today);
}

/** Every unpaid document of the family: open invoices, and notices issued on their own (top-ups, spontaneous). */
export async function payableRows(prisma: Db, auth: SessionAuth, today: IsoDate): Promise<PayableRow[]> {
  const invoices = await prisma.invoice.findMany({
    // a debit at the bank (SDD) is not payable twice: it comes back here only if the bank returns it
    where: {
      ...familyInvoiceWhere(auth),
      state: { in: ['ISSUED', 'PARTIALLY_PAID'] },
      kind: { not: 'CREDIT_NOTE' },
      directDebit: { not: 'IN_COLLECTION' },
    },
    include: {
      student: NAMED,
      lines: { where: { tenantId: auth.tenantId }, select: { student: NAMED }, orderBy: { position: 'asc' } },
      noticeItems: { where: { notice: { state: OPEN_NOTICE } }, include: { notice: true } },
    },
    orderBy: [{ dueOn: 'desc' }, { number: 'desc' }],
  });
  const standalone = await prisma.paymentNotice.findMany({
    where: { tenantId: auth.tenantId, student: familyStudentWhere(auth), OR: shownNoticeStates(today), items: { none: {} } },
    include: { student: true },
    orderBy: { createdAt: 'desc' },
  });
  const rows: PayableRow[] = invoices.map((invoice) => {
    const notice = invoice.noticeItems.map((item) => item.notice).find((n) => !isExpired(n, today)) ?? null;
    return {
      key: `i:${invoice.id}`,
      dueOn: invoice.dueOn,
      issuedOn: invoice.issuedOn,
      number: invoice.number,
      instalment: 1,
      studentName: invoiceChildrenNames(invoice),
      description: invoice.description,
      amountCents: notice?.amountCents ?? invoice.totalCents - invoice.paidCents,
      noticeId: notice?.state === 'VALID' ? notice.id : null,
      expired: false,
      renewable: false,
    };
  });
  for (const notice of standalone) {
    const expired = isExpired(notice, today);
    rows.push({
      key: `n:${notice.id}`,
      dueOn: notice.dueOn,
      issuedOn: notice.createdAt,
      number: notice.iuv,
      instalment: 1,
      studentName: notice.student ? `${notice.student.firstName} ${notice.student.lastName}` : notice.debtorName,
      description: notice.subject,
      amountCents: notice.amountCents,
      noticeId: expired ? null : notice.id,
      expired,
      renewable: expired && notice.purpose === 'TOP_UP',
    });
  }
  return rows;
}

/** The payable notice behind a row, issuing one for an invoice that has none yet. Foreign rows are 404. */
export async function noticeForRow(deps: PaymentDeps, tenant: Tenant, auth: SessionAuth, key: string): Promise<PaymentNotice> {
  const [kind, id] = key.split(':');
  const today = romeDateOf(deps.clock.now());
  if (kind === 'n') {
    const notice = await deps.prisma.paymentNotice.findFirst({ where: { id, tenantId: tenant.id, student: familyStudentWhere(auth) } });
    if (!notice) throw new NotFoundError();
    if (isExpired(notice, today)) {
      await expireDueNotices(deps.prisma, tenant.id, today, [notice.id]);
      throw localizedRefusal('payments.refusals.noticeExpired', { iuv: notice.iuv }, 409);
    }
    if (notice.state !== 'VALID' && notice.state !== 'DRAFT') throw localizedRefusal('payments.refusals.noLongerPayable', {}, 409);
    return publishNotice(deps, tenant, notice, actorOf(auth));
  }
  const invoice = await deps.prisma.invoice.findFirst({
    where: { id, ...familyInvoiceWhere(auth), tenantId: tenant.id, kind: { not: 'CREDIT_NOTE' } },
    include: { guardian: true, noticeItems: { where: { notice: { state: OPEN_NOTICE } }, include: { notice: true } } },
  });
  if (!invoice) throw new NotFoundError();
  if (invoice.state !== 'ISSUED' && invoice.state !== 'PARTIALLY_PAID')
    throw localizedRefusal('payments.refusals.alreadyPaid', { number: invoice.number }, 409);
  if (invoice.directDebit === 'IN_COLLECTION') throw localizedRefusal('payments.refusals.inDirectDebit', { number: invoice.number }, 409);
  const notices = invoice.noticeItems.map((item) => item.notice);
  // A spontaneous notice for this invoice past its expiry (the job has not passed yet) no longer counts.
  const staleIds = notices.filter((n) => isExpired(n, today)).map((n) => n.id);
  if (staleIds.length) await expireDueNotices(deps.prisma, tenant.id, today, staleIds);
  const open = notices.find((n) => !isExpired(n, today));
  if (open) return publishNotice(deps, tenant, open, actorOf(auth));
  const due = invoice.totalCents - invoice.paidCents;
  return issueNotice(
    deps,
    tenant,
    {
      purpose: 'INVOICE',
      amountCents: due,
      subject: `Documento n. ${invoice.number} - ${invoice.description}`,
      dueOn: fromDbDate(invoice.dueOn),
      debtor: {
        fiscalCode: invoice.guardian.fiscalCode,
        name: `${invoice.guardian.firstName} ${invoice.guardian.lastName}`.trim(),
        email: invoice.guardian.email,
      },
      studentId: invoice.studentId,
      items: [{ invoiceId: invoice.id, amountCents: due }],
    },
    actorOf(auth),
  );
}

/**
 * Opens a checkout cart for up to five notices and returns where to send the parent. The return URLs
 * carry our cart id; what the parent sees on return comes from receipts, never from which URL was used.
 */
export async function checkout(deps: PaymentDeps, tenant: Tenant, auth: SessionAuth, notices: PaymentNotice[]): Promise<string> {
  if (notices.length === 0 || notices.length > MAX_CART_NOTICES) {
    throw localizedRefusal('payments.refusals.cartTooLarge', { max: MAX_CART_NOTICES });
  }
  const guardianId = auth.ownGuardianId ?? auth.guardianIds[0];
  const actor = actorOf(auth);
  const cart = await inTransaction(deps.prisma, async (tx) => {
    const created = await tx.checkoutCart.create({
      data: {
        tenantId: tenant.id,
        guardianId,
        totalCents: notices.reduce((sum, n) => sum + n.amountCents, 0),
        createdBy: actor.label ?? actor.kind,
        notices: { create: notices.map((n) => ({ tenantId: tenant.id, noticeId: n.id })) },
      },
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'CART_CREATED',
      entityType: 'CheckoutCart',
      entityId: created.id,
      details: { notices: notices.map((n) => n.noticeNumber) },
    });
    return created;
  });
  const back = (outcome: string) => `${deps.baseUrl}/${tenant.slug}/pagamenti/esito/${cart.id}?esito=${outcome}`;
  let redirectUrl: string;
  try {
    ({ redirectUrl } = await deps.pagopa.startCheckout({
      idCart: cart.id,
      notices: notices.map((n) => ({
        noticeNumber: n.noticeNumber,
        creditorFiscalCode: tenant.fiscalCode,
        amountCents: n.amountCents,
        companyName: tenant.name,
        description: n.subject,
      })),
      returnUrls: {
        returnOkUrl: back('ok'),
        returnCancelUrl: back('annullato'),
        returnErrorUrl: back('errore'),
        returnWaitingUrl: back('attesa'),
      },
    }));
  } catch (error) {
    if (error instanceof PagoPaRefusedError) throw localizedRefusal('payments.refusals.pagoPaRefused');
    throw error;
  }
  await inTransaction(deps.prisma, async (tx) => {
    await tx.checkoutCart.update({
      where: { id: cart.id, tenantId: cart.tenantId },
      data: { state: moveCart('OPEN', 'REDIRECTED'), checkoutUrl: redirectUrl },
    });
    await recordAudit(tx, { tenantId: tenant.id, actor, action: 'CART_REDIRECTED', entityType: 'CheckoutCart', entityId: cart.id });
  });
  return redirectUrl;
}
