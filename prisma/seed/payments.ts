// pagoPA notices (avvisi) and their receipts, collected in memory and stored with createMany.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import type { IsoDate } from '../../src/domain/dates.ts';
import { dbDate } from './days.ts';
import { buildNoticeNumber, iuvOf } from '../../src/domain/notice-number.ts';
import type { PagoPaReceipt } from '../../src/pagopa/gateway.ts';
import { receiptToXml } from '../../src/pagopa/receipt-xml.ts';
import { SYSTEM_ACTOR, type SeedContext } from './context.ts';

export const DEMO_PSPS = [
  { id: 'BDEMITM1XXX', name: 'Banca Demo' },
  { id: 'PSPDEMO2XXX', name: 'Pagamenti Digitali Demo S.p.A.' },
  { id: 'TABDEMO3XXX', name: 'Rete Tabaccherie Demo' },
];

export interface NoticeInput {
  purpose: 'INVOICE' | 'TOP_UP';
  amountCents: number;
  subject: string;
  dueOn: IsoDate | null;
  debtor: { fiscalCode: string; name: string; isCompany?: boolean };
  studentId: string;
  walletId?: string;
  createdAt: Date;
  /** paid through pagoPA at this instant: the notice is PAID and has an applied receipt */
  paidAt?: Date | null;
  /** the invoices the notice pays */
  invoices?: { id: string; amountCents: number }[];
}

export class PaymentBatch {
  private readonly notices: Prisma.PaymentNoticeCreateManyInput[] = [];
  private readonly items: Prisma.PaymentNoticeItemCreateManyInput[] = [];
  private readonly receipts: Prisma.ReceiptCreateManyInput[] = [];

  constructor(private readonly ctx: SeedContext) {}

  /** Adds a notice (and its receipt when paid); returns the notice and receipt ids. */
  add(input: NoticeInput): { noticeId: string; noticeNumber: string; iuv: string; receiptId: string | null } {
    const { ctx } = this;
    const tenantId = ctx.tenant.id;
    const base13 = '26' + String(ctx.noticeSeq++).padStart(11, '0');
    const noticeNumber = buildNoticeNumber(ctx.tenant.segregationCode, base13);
    const iuv = iuvOf(noticeNumber);
    const noticeId = randomUUID();
    const paidAt = input.paidAt ?? null;
    this.notices.push({
      id: noticeId,
      tenantId,
      noticeNumber,
      iuv,
      iupd: `${ctx.tenant.fiscalCode}-${iuv}`,
      purpose: input.purpose,
      state: paidAt ? 'PAID' : 'VALID',
      amountCents: input.amountCents,
      subject: input.subject,
      dueOn: input.dueOn ? dbDate(input.dueOn) : null,
      debtorFiscalCode: input.debtor.fiscalCode,
      debtorName: input.debtor.name,
      studentId: input.studentId,
      walletId: input.walletId ?? null,
      createdAt: input.createdAt,
      createdBy: SYSTEM_ACTOR,
      paidAt,
    });
    for (const invoice of input.invoices ?? []) {
      this.items.push({ tenantId, noticeId, invoiceId: invoice.id, amountCents: invoice.amountCents });
    }
    if (!paidAt) return { noticeId, noticeNumber, iuv, receiptId: null };

    const psp = ctx.rng.pick(DEMO_PSPS);
    const party = {
      type: input.debtor.isCompany ? ('G' as const) : ('F' as const),
      fiscalCode: input.debtor.fiscalCode,
      fullName: input.debtor.name,
    };
    // the receipt as pagoPA sends it; stored the way the app stores the receipts it pulls from GPD
    const receipt: PagoPaReceipt = {
      receiptId: randomUUID().replaceAll('-', ''),
      noticeNumber,
      creditorFiscalCode: ctx.tenant.fiscalCode,
      outcome: 'OK',
      creditorReferenceId: iuv,
      amountCents: input.amountCents,
      feeCents: 100,
      description: input.subject.slice(0, 140),
      companyName: ctx.tenant.name,
      pspId: psp.id,
      pspCompanyName: psp.name,
      paymentMethod: 'CP',
      paymentDateTime: paidAt,
      debtor: party,
      payer: party,
      transfers: [
        {
          idTransfer: 1,
          amountCents: input.amountCents,
          fiscalCodePA: ctx.tenant.fiscalCode,
          iban: ctx.tenant.iban,
          remittanceInformation: input.subject.slice(0, 140),
          category: '9/0101108TS/',
        },
      ],
    };
    const id = randomUUID();
    this.receipts.push({
      id,
      tenantId,
      receiptId: receipt.receiptId,
      noticeNumber,
      iuv,
      noticeId,
      outcome: receipt.outcome,
      amountCents: receipt.amountCents,
      feeCents: receipt.feeCents,
      pspId: receipt.pspId,
      pspName: receipt.pspCompanyName,
      paidAt,
      payerFiscalCode: party.fiscalCode,
      payerName: party.fullName,
      status: 'APPLIED',
      payload: { source: 'PULL', xml: receiptToXml(receipt) },
      receivedAt: new Date(paidAt.getTime() + 90_000),
    });
    return { noticeId, noticeNumber, iuv, receiptId: id };
  }

  /** Stores everything added so far; invoices and wallets must already exist. */
  async flush(): Promise<{ notices: number; receipts: number }> {
    const { tx } = this.ctx;
    const counts = { notices: this.notices.length, receipts: this.receipts.length };
    if (this.notices.length) await tx.paymentNotice.createMany({ data: this.notices.splice(0) });
    if (this.items.length) await tx.paymentNoticeItem.createMany({ data: this.items.splice(0) });
    if (this.receipts.length) await tx.receipt.createMany({ data: this.receipts.splice(0) });
    return counts;
  }
}
