import type { IsoDate } from '../domain/dates.ts';

/** A debt position (GPD) with one payment option: what pagoPA must know before a notice can be paid. */
export interface DebtPosition {
  creditorFiscalCode: string;
  iupd: string;
  debtor: { type: 'F' | 'G'; fiscalCode: string; fullName: string; email?: string | null };
  companyName: string;
  iuv: string;
  noticeNumber: string;
  amountCents: number;
  description: string;
  dueOn: IsoDate | null;
  /** GPD `switchToExpired`: the position becomes EXPIRED (unpayable) after dueOn, by GPD itself. */
  switchToExpired: boolean;
  /** Where the money goes; transfer amounts add up to amountCents. */
  iban: string;
  category: string;
}

export interface CartNotice {
  noticeNumber: string;
  creditorFiscalCode: string;
  amountCents: number;
  companyName: string;
  description: string;
}

export interface ReturnUrls {
  returnOkUrl: string;
  returnCancelUrl: string;
  returnErrorUrl: string;
  returnWaitingUrl: string;
}

export interface CartRequest {
  /** Our cart id: also the idempotency key, so a retried POST /carts never opens a second payment. */
  idCart: string;
  notices: CartNotice[];
  returnUrls: ReturnUrls;
  emailNotice?: string | null;
}

export interface ReceiptParty {
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
}

/** pagoPA's receipt (paSendRT content), amounts turned into integer cents. */
export interface PagoPaReceipt {
  receiptId: string;
  noticeNumber: string;
  creditorFiscalCode: string;
  outcome: 'OK' | 'KO';
  /** = IUV */
  creditorReferenceId: string;
  amountCents: number;
  feeCents: number | null;
  description: string;
  companyName: string;
  pspId: string | null;
  pspCompanyName: string | null;
  paymentMethod: string | null;
  paymentDateTime: Date;
  debtor: ReceiptParty | null;
  payer: ReceiptParty | null;
  transfers: {
    idTransfer: number;
    amountCents: number;
    fiscalCodePA: string;
    iban: string | null;
    remittanceInformation: string;
    category: string;
  }[];
}

export interface PaidOutside {
  paymentDate: Date;
  paymentMethod: 'CASH' | 'CREDIT_CARD' | 'BANK_TRANSFER' | 'OTHER';
  pspCompany: string;
}

/**
 * Everything the portal asks of pagoPA. One implementation speaks HTTP to the real services (or to the
 * simulator, which answers in the same format), so nothing above this line knows which is on the wire.
 */
export interface PagoPaGateway {
  /** Publishes a VALID position. Idempotent on the IUPD: re-creating the same position succeeds. */
  createDebtPosition(position: DebtPosition): Promise<void>;
  /** Withdraws an unpaid position; a position already gone counts as done. */
  invalidateDebtPosition(creditorFiscalCode: string, iupd: string): Promise<void>;
  /** Tells pagoPA a notice was paid elsewhere (e.g. at the desk), so nobody can pay it again. */
  markPaidOutside(creditorFiscalCode: string, noticeNumber: string, paid: PaidOutside): Promise<void>;
  /** Opens a checkout cart of 1–5 notices; returns the URL to send the payer to. */
  startCheckout(cart: CartRequest): Promise<{ redirectUrl: string }>;
  /** Receipts of a creditor paid since an instant (pull). */
  fetchReceipts(creditorFiscalCode: string, since: Date): Promise<PagoPaReceipt[]>;
  /** A receipt as pagoPA sends it (paSendRT XML, SOAP or bare) into our shape. */
  parseReceipt(payload: string): PagoPaReceipt;
}

export const MAX_CART_NOTICES = 5;

/** pagoPA refused the request for a reason the user can act on (e.g. a cart of 6, a duplicate notice). */
export class PagoPaRefusedError extends Error {
  override name = 'PagoPaRefusedError';
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`pagoPA refused the request (${status}): ${detail}`);
  }
}

/** pagoPA did not answer in time, or answered 5xx, after every retry. */
export class PagoPaUnavailableError extends Error {
  override name = 'PagoPaUnavailableError';
}

export class MalformedReceiptError extends Error {
  override name = 'MalformedReceiptError';
}
