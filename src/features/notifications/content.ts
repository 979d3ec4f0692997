import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/client.ts';
import { formatItalianDate, fromDbDate, romeDateOf, type IsoDate } from '../../domain/dates.ts';
import { formatEuro } from '../../domain/money.ts';
import { LOW_BALANCE_MEALS, type NotificationKind } from '../../domain/notifications.ts';
import type { Guardian, PaymentNotice, Tenant } from '../../generated/prisma/client.ts';
import type { IoMessage } from '../../io/gateway.ts';
import type { MailAttachment } from '../../mail/mailer.ts';
import { buildNoticePdf } from '../../pdf/notice-pdf.ts';
import { createI18n, translateForJobs, translator, type Translate } from '../../web/i18n.ts';
import { buildReminderLetters } from '../admin/arrears/letters.ts';
import { lettersOf } from '../admin/arrears/reminders.ts';
import { noticePdfData } from '../payments/documents.ts';

/** What a kind contributes to its message, read when it is sent (never health data: no diets, no allergies). */
export interface MessageContent {
  values: Record<string, unknown>;
  /** further paragraphs of the kind's template (`notifications.kinds.<kind>.<key>`) */
  extraKeys: string[];
  /** the portal page the message links to, under the Comune's path */
  path: string;
  dueOn?: IsoDate;
  payment?: IoMessage['payment'];
  attachments?: MailAttachment[];
}

export type Loaded =
  | { state: 'READY'; content: MessageContent }
  /** what it tells is not final yet (a billing run still publishing its notices): the job is retried later */
  | { state: 'NOT_READY'; reason: string }
  /** what it told no longer holds (an invoice cancelled, a news withdrawn): nothing is sent */
  | { state: 'SKIP'; reason: string };

export class NotReadyError extends Error {
  override name = 'NotReadyError';
}

interface LoadInput {
  prisma: Db;
  tenant: Tenant;
  guardian: Guardian;
  payload: Record<string, unknown>;
  now: Date;
}

const idOf = (payload: Record<string, unknown>, key: string) => {
  const value = payload[key];
  if (typeof value !== 'string') throw new Error(`notification payload without ${key}`);
  return value;
};

let pdfTexts: Translate | undefined;
const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../locales');

async function avvisoAttachment(tenant: Tenant, guardian: Guardian, notice: PaymentNotice): Promise<MailAttachment> {
  pdfTexts ??= translator(createI18n(localesDir));
  const address = guardian.residenceStreet
    ? [guardian.residenceStreet, guardian.residenceZip, guardian.residenceCity, guardian.residenceProv].filter(Boolean).join(' ')
    : null;
  return {
    filename: `avviso-pagopa-${notice.noticeNumber}.pdf`,
    contentType: 'application/pdf',
    content: await buildNoticePdf(pdfTexts, noticePdfData(tenant, notice, address)),
  };
}

const paymentOf = (tenant: Tenant, notice: PaymentNotice, invalidAfterDueDate: boolean): IoMessage['payment'] => ({
  amountCents: notice.amountCents,
  noticeNumber: notice.noticeNumber,
  payeeFiscalCode: tenant.fiscalCode,
  invalidAfterDueDate,
});

async function invoiceIssued({ prisma, tenant, guardian, payload }: LoadInput): Promise<Loaded> {
  const invoice = await prisma.invoice.findFirst({
    where: { tenantId: tenant.id, id: idOf(payload, 'invoiceId'), guardianId: guardian.id },
    include: { billingRun: { select: { state: true } }, noticeItems: { include: { notice: true } } },
  });
  if (!invoice || invoice.state === 'CANCELLED' || invoice.billingRun?.state === 'CANCELLED')
    return { state: 'SKIP', reason: 'invoice cancelled' };
  if (invoice.billingRun && invoice.billingRun.state !== 'DONE') return { state: 'NOT_READY', reason: 'billing run not done' };
  const notice = invoice.noticeItems.map((item) => item.notice).find((n) => n.state !== 'CANCELLED' && n.state !== 'EXPIRED');
  if (notice?.state === 'DRAFT') return { state: 'NOT_READY', reason: 'notice not published yet' };
  const dueOn = fromDbDate(invoice.dueOn);
  const values = {
    number: invoice.number,
    description: invoice.description,
    amount: formatEuro(invoice.totalCents),
    dueOn: formatItalianDate(dueOn),
    noticeNumber: notice?.noticeNumber,
  };
  const payable = notice?.state === 'VALID';
  return {
    state: 'READY',
    content: {
      values,
      extraKeys: payable ? ['payNotice'] : guardian.paymentMethod === 'SDD' ? ['sdd'] : [],
      path: 'pagamenti',
      dueOn,
      payment: payable ? paymentOf(tenant, notice, false) : undefined,
      attachments: payable ? [await avvisoAttachment(tenant, guardian, notice)] : [],
    },
  };
}

async function noticeExpiring({ prisma, tenant, guardian, payload }: LoadInput): Promise<Loaded> {
  const notice = await prisma.paymentNotice.findFirst({
    where: { tenantId: tenant.id, id: idOf(payload, 'noticeId'), debtorFiscalCode: guardian.fiscalCode },
  });
  if (!notice || notice.state !== 'VALID' || !notice.dueOn) return { state: 'SKIP', reason: 'notice no longer payable' };
  const dueOn = fromDbDate(notice.dueOn);
  return {
    state: 'READY',
    content: {
      values: {
        subject: notice.subject,
        amount: formatEuro(notice.amountCents),
        noticeNumber: notice.noticeNumber,
        dueOn: formatItalianDate(dueOn),
      },
      extraKeys: [],
      path: 'pagamenti',
      dueOn,
      payment: paymentOf(tenant, notice, true),
      attachments: [await avvisoAttachment(tenant, guardian, notice)],
    },
  };
}

async function walletBalance({ prisma, tenant, payload }: LoadInput): Promise<Loaded> {
  const wallet = await prisma.wallet.findFirst({
    where: { tenantId: tenant.id, id: idOf(payload, 'walletId') },
    select: { student: { select: { firstName: true } } },
  });
  if (!wallet) return { state: 'SKIP', reason: 'wallet gone' };
  return {
    state: 'READY',
    content: {
      values: { child: wallet.student.firstName, balance: formatEuro(Number(payload.balanceCents)), meals: LOW_BALANCE_MEALS },
      extraKeys: [],
      path: 'ricariche',
    },
  };
}

async function news({ prisma, tenant, payload, now }: LoadInput): Promise<Loaded> {
  const item = await prisma.news.findFirst({ where: { tenantId: tenant.id, id: idOf(payload, 'newsId') } });
  if (!item || item.status !== 'PUBLISHED' || !item.notify) return { state: 'SKIP', reason: 'news withdrawn' };
  if (item.publishedAt > now) return { state: 'NOT_READY', reason: 'news scheduled later' };
  return { state: 'READY', content: { values: { title: item.title, summary: item.summary }, extraKeys: [], path: `news/${item.id}` } };
}

/** Type, protocol and outcome only: what a pratica asked for (a diet, its health data) never goes in a message. */
async function pratica({ prisma, tenant, guardian, payload }: LoadInput): Promise<Loaded> {
  const application = await prisma.application.findFirst({
    where: { tenantId: tenant.id, id: idOf(payload, 'applicationId'), guardianId: guardian.id },
    select: { id: true, type: true, protocolNumber: true, submittedAt: true, outcomeNote: true },
  });
  if (!application?.protocolNumber || !application.submittedAt) return { state: 'SKIP', reason: 'pratica not submitted' };
  return {
    state: 'READY',
    content: {
      values: {
        type: application.type,
        protocol: application.protocolNumber,
        submittedOn: formatItalianDate(romeDateOf(application.submittedAt)),
        reason: application.outcomeNote ?? '',
      },
      extraKeys: [],
      path: `pratiche/${application.id}`,
    },
  };
}

/**
 * A reminder letter as a message: its documents still due, the family's own letter (the batch's drawing, for this
 * family alone) attached to the e-mail, and in IO the first unpaid notice (a message carries one).
 */
async function reminder({ prisma, tenant, guardian, payload, now }: LoadInput): Promise<Loaded> {
  const recorded = await prisma.reminder.findFirst({
    where: { tenantId: tenant.id, id: idOf(payload, 'reminderId'), guardianId: guardian.id },
    include: { items: { where: { tenantId: tenant.id }, select: { invoiceId: true } } },
  });
  if (!recorded) return { state: 'SKIP', reason: 'reminder gone' };
  const today = romeDateOf(now);
  const invoiceIds = recorded.items.map((item) => item.invoiceId);
  const [letter] = await lettersOf(prisma, tenant.id, [guardian.id], today, invoiceIds);
  if (!letter) return { state: 'SKIP', reason: 'reminded documents paid meanwhile' };
  const first = letter.notices[0];
  return {
    state: 'READY',
    content: {
      values: {
        documents: letter.invoices.map((invoice) => invoice.number).join(', '),
        amount: formatEuro(letter.invoices.reduce((sum, invoice) => sum + invoice.dueCents, 0)),
        noticeNumbers: letter.notices.map((notice) => notice.noticeNumber).join(', '),
        firstNotice: first?.noticeNumber,
        firstAmount: first && formatEuro(first.amountCents),
      },
      extraKeys: first ? ['notices', ...(letter.notices.length > 1 ? ['firstOnIo'] : [])] : ['portal'],
      path: 'pagamenti',
      payment: first && paymentOf(tenant, first, false),
      attachments: [
        {
          filename: `sollecito-${formatItalianDate(fromDbDate(recorded.sentOn)).replaceAll('/', '-')}.pdf`,
          contentType: 'application/pdf',
          content: await buildReminderLetters(translateForJobs(), tenant, [letter], fromDbDate(recorded.sentOn)),
        },
      ],
    },
  };
}

const LOADERS: Record<NotificationKind, (input: LoadInput) => Promise<Loaded>> = {
  INVOICE_ISSUED: invoiceIssued,
  NOTICE_EXPIRING: noticeExpiring,
  WALLET_LOW: walletBalance,
  WALLET_NEGATIVE: walletBalance,
  NEWS: news,
  PRATICA_SUBMITTED: pratica,
  PRATICA_ACCEPTED: pratica,
  PRATICA_REJECTED: pratica,
  REMINDER: reminder,
};

export function loadContent(kind: NotificationKind, input: LoadInput): Promise<Loaded> {
  return LOADERS[kind](input);
}
