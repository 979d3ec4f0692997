import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CartNotice, PagoPaReceipt, ReturnUrls } from '../gateway.ts';
import { paSendRtSoap, paSendRtXml } from '../receipt-xml.ts';

export interface SimPosition {
  creditorFiscalCode: string;
  iupd: string;
  iuv: string;
  noticeNumber: string;
  amountCents: number;
  description: string;
  companyName: string;
  iban: string;
  category: string;
  debtor: { type: 'F' | 'G'; fiscalCode: string; fullName: string };
  /** The option's due date, as the instant it ends (GPD's dueDate is Italian wall-clock time). */
  dueAt: Date | null;
  switchToExpired: boolean;
  status: 'VALID' | 'INVALID' | 'PAID' | 'EXPIRED';
  raw: unknown;
}

export interface SimCart {
  id: string;
  idCart: string | null;
  notices: CartNotice[];
  returnUrls: ReturnUrls;
  outcome: 'OPEN' | 'PAID' | 'CANCELLED' | 'ERROR';
}

/** How a receipt reaches the Comune: pushed to its station now, later, twice, or only left for the pull API. */
export interface Delivery {
  push: boolean;
  copies: number;
  concurrent: boolean;
  delayMs: number;
}

export const IMMEDIATE_PUSH: Delivery = { push: true, copies: 1, concurrent: false, delayMs: 0 };

const PSP = { id: 'SIMULPSP001', name: 'PSP Simulato pagoPA' };

export interface StoreOptions {
  /** Where the Comune with this fiscal code receives paSendRT, or null when it has no station (pull only). */
  stationUrlFor: (creditorFiscalCode: string) => Promise<string | null>;
  pushToken: string;
  logger: Logger;
  /** pagoPA's clock: the app's, so tests that move time move pagoPA's due dates with it. */
  now: () => Date;
}

/**
 * What pagoPA would remember, in memory: debt positions, carts and receipts. Only for development and
 * tests, so one process's memory is enough; a restart forgets it, as a fresh sandbox would.
 */
export class SimulatorStore {
  readonly positions = new Map<string, SimPosition>();
  readonly carts = new Map<string, SimCart>();
  private readonly cartsByIdCart = new Map<string, string>();
  /** creditor CF → IUV → the first receipt stored for it (what the GPD receipts API returns). */
  readonly receipts = new Map<string, Map<string, { receipt: PagoPaReceipt; xml: string }>>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Every API call received, with its idempotency key (tests check retries reuse it). */
  readonly requests: { method: string; path: string; idempotencyKey: string | null }[] = [];

  constructor(private readonly options: StoreOptions) {}

  static key(creditorFiscalCode: string, iupd: string): string {
    return `${creditorFiscalCode}/${iupd}`;
  }

  /** A position by IUPD, EXPIRED once past its due date with `switchToExpired` (as GPD checks on every read). */
  position(creditorFiscalCode: string, iupd: string): SimPosition | undefined {
    return this.expireIfDue(this.positions.get(SimulatorStore.key(creditorFiscalCode, iupd)));
  }

  positionByNotice(creditorFiscalCode: string, noticeNumber: string): SimPosition | undefined {
    for (const position of this.positions.values()) {
      if (position.creditorFiscalCode === creditorFiscalCode && position.noticeNumber === noticeNumber) return this.expireIfDue(position);
    }
    return undefined;
  }

  private expireIfDue(position: SimPosition | undefined): SimPosition | undefined {
    if (position?.status === 'VALID' && position.switchToExpired && position.dueAt && this.options.now() > position.dueAt)
      position.status = 'EXPIRED';
    return position;
  }

  /** A position pagoPA holds but this (restarted) simulator never saw created: known only from the cart. */
  adoptPosition(n: { noticeNumber: string; fiscalCode: string; amount: number; companyName: string; description: string }): void {
    const iuv = n.noticeNumber.slice(1);
    this.positions.set(SimulatorStore.key(n.fiscalCode, `${n.fiscalCode}-${iuv}`), {
      creditorFiscalCode: n.fiscalCode,
      iupd: `${n.fiscalCode}-${iuv}`,
      iuv,
      noticeNumber: n.noticeNumber,
      amountCents: n.amount,
      description: n.description,
      companyName: n.companyName,
      iban: '',
      category: '9/0101108TS/',
      debtor: { type: 'F', fiscalCode: 'ANONIMO', fullName: 'Pagatore pagoPA' },
      dueAt: null,
      switchToExpired: false,
      status: 'VALID',
      raw: n,
    });
  }

  openCart(idCart: string | null, notices: CartNotice[], returnUrls: ReturnUrls): SimCart {
    const existing = idCart ? this.cartsByIdCart.get(idCart) : undefined;
    if (existing) return this.carts.get(existing)!;
    const cart: SimCart = { id: randomUUID(), idCart, notices, returnUrls, outcome: 'OPEN' };
    this.carts.set(cart.id, cart);
    if (idCart) this.cartsByIdCart.set(idCart, cart.id);
    return cart;
  }

  /** A receipt for a position as pagoPA would write it; `amountCents` overrides the amount (a wrong-amount case). */
  receiptFor(position: SimPosition, options: { amountCents?: number; outcome?: 'OK' | 'KO'; at?: Date } = {}): PagoPaReceipt {
    const amountCents = options.amountCents ?? position.amountCents;
    return {
      receiptId: randomUUID().replaceAll('-', ''),
      noticeNumber: position.noticeNumber,
      creditorFiscalCode: position.creditorFiscalCode,
      outcome: options.outcome ?? 'OK',
      creditorReferenceId: position.iuv,
      amountCents,
      feeCents: 100,
      description: position.description,
      companyName: position.companyName,
      pspId: PSP.id,
      pspCompanyName: PSP.name,
      paymentMethod: 'CP',
      paymentDateTime: options.at ?? new Date(),
      debtor: position.debtor,
      payer: position.debtor,
      transfers: [
        {
          idTransfer: 1,
          amountCents,
          fiscalCodePA: position.creditorFiscalCode,
          iban: position.iban,
          remittanceInformation: position.description,
          category: position.category,
        },
      ],
    };
  }

  /** Records the receipt for the receipts API and pushes it as asked. Resolves once immediate pushes are done. */
  async deliver(receipt: PagoPaReceipt, delivery: Delivery): Promise<void> {
    const station = { idPA: receipt.creditorFiscalCode, idBrokerPA: '15376371009', idStation: `${receipt.creditorFiscalCode}_01` };
    let byIuv = this.receipts.get(receipt.creditorFiscalCode);
    if (!byIuv) this.receipts.set(receipt.creditorFiscalCode, (byIuv = new Map<string, { receipt: PagoPaReceipt; xml: string }>()));
    if (!byIuv.has(receipt.creditorReferenceId)) byIuv.set(receipt.creditorReferenceId, { receipt, xml: paSendRtXml(receipt, station) });
    if (!delivery.push) return;
    const soap = paSendRtSoap(receipt, station);
    const pushAll = async () => {
      const copies = Array.from({ length: Math.max(1, delivery.copies) }, () => () => this.push(receipt.creditorFiscalCode, soap));
      if (delivery.concurrent) await Promise.all(copies.map((send) => send()));
      else for (const send of copies) await send();
    };
    if (delivery.delayMs <= 0) return pushAll();
    const later = new Promise((resolve) => setTimeout(resolve, delivery.delayMs)).then(pushAll);
    this.pending.add(later);
    void later.finally(() => this.pending.delete(later));
  }

  /** Waits for delayed deliveries (tests use it instead of sleeping). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private async push(creditorFiscalCode: string, soap: string): Promise<void> {
    const url = await this.options.stationUrlFor(creditorFiscalCode);
    if (!url) return;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'paSendRT', authorization: `Bearer ${this.options.pushToken}` },
        body: soap,
        signal: AbortSignal.timeout(10_000),
      });
      await response.text();
      if (!response.ok) this.options.logger.warn({ status: response.status }, 'pagoPA simulator: receipt push refused');
    } catch (error) {
      // The receipt stays available on the receipts API: the pull job will find it, as with the real nodo.
      this.options.logger.warn({ err: error }, 'pagoPA simulator: receipt push failed');
    }
  }
}
