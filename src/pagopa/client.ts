import { DateTime } from 'luxon';
import { romeDateOf, ZONE } from '../domain/dates.ts';
import type { CartRequest, DebtPosition, PagoPaGateway, PagoPaReceipt, PaidOutside } from './gateway.ts';
import { MAX_CART_NOTICES, PagoPaRefusedError } from './gateway.ts';
import { callPagoPa, type HttpOptions } from './http.ts';
import { parseReceiptXml } from './receipt-xml.ts';

export interface ServiceEndpoint {
  baseUrl: () => string;
  apiKey?: string;
}

export interface GpdCheckoutClientOptions extends HttpOptions {
  gpd: ServiceEndpoint;
  checkout: ServiceEndpoint;
  receipts: ServiceEndpoint;
}

// GPD wants a due date on every option; a notice "senza scadenza" gets one far enough not to matter.
const NO_DUE_DATE_YEARS = 5;

/** The real pagoPA REST APIs: GPD (debt positions), Checkout (carts) and the GPD receipts API. */
export class GpdCheckoutClient implements PagoPaGateway {
  constructor(private readonly options: GpdCheckoutClientOptions) {}

  private url(endpoint: ServiceEndpoint, path: string): string {
    return endpoint.baseUrl().replace(/\/$/, '') + path;
  }

  async createDebtPosition(p: DebtPosition): Promise<void> {
    const due = p.dueOn
      ? DateTime.fromISO(p.dueOn, { zone: ZONE }).endOf('day')
      : DateTime.now().setZone(ZONE).plus({ years: NO_DUE_DATE_YEARS }).endOf('day');
    const body = {
      iupd: p.iupd,
      type: p.debtor.type,
      fiscalCode: p.debtor.fiscalCode,
      fullName: p.debtor.fullName,
      email: p.debtor.email ?? undefined,
      companyName: p.companyName,
      // Never without a real due date: the far one of a notice "senza scadenza" must not expire it.
      switchToExpired: p.switchToExpired && p.dueOn !== null,
      validityDate: null,
      paymentOption: [
        {
          iuv: p.iuv,
          nav: p.noticeNumber,
          amount: p.amountCents,
          description: p.description.slice(0, 140),
          isPartialPayment: false,
          dueDate: due.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
          fee: 0,
          transfer: [
            {
              idTransfer: '1',
              amount: p.amountCents,
              remittanceInformation: p.description.slice(0, 140),
              category: p.category,
              iban: p.iban,
            },
          ],
        },
      ],
    };
    // 409 on a retry means our first attempt got through: the IUPD is the idempotency key.
    await callPagoPa(
      {
        method: 'POST',
        url: this.url(this.options.gpd, `/organizations/${p.creditorFiscalCode}/debtpositions?toPublish=true`),
        apiKey: this.options.gpd.apiKey,
        json: body,
        idempotencyKey: p.iupd,
        accept: [409],
      },
      this.options,
    );
  }

  async invalidateDebtPosition(creditorFiscalCode: string, iupd: string): Promise<void> {
    await callPagoPa(
      {
        method: 'POST',
        url: this.url(this.options.gpd, `/organizations/${creditorFiscalCode}/debtpositions/${encodeURIComponent(iupd)}/invalidate`),
        apiKey: this.options.gpd.apiKey,
        idempotencyKey: `invalidate-${iupd}`,
        accept: [404],
      },
      this.options,
    );
  }

  async markPaidOutside(creditorFiscalCode: string, noticeNumber: string, paid: PaidOutside): Promise<void> {
    await callPagoPa(
      {
        method: 'POST',
        url: this.url(this.options.gpd, `/organizations/${creditorFiscalCode}/paymentoptions/paids/${noticeNumber}`),
        apiKey: this.options.gpd.apiKey,
        json: { paymentDate: paid.paymentDate.toISOString(), paymentMethod: paid.paymentMethod, pspCompany: paid.pspCompany },
        idempotencyKey: `paid-${noticeNumber}`,
      },
      this.options,
    );
  }

  async startCheckout(cart: CartRequest): Promise<{ redirectUrl: string }> {
    if (cart.notices.length === 0 || cart.notices.length > MAX_CART_NOTICES) {
      throw new PagoPaRefusedError(422, `A cart holds 1 to ${MAX_CART_NOTICES} notices`);
    }
    const result = await callPagoPa(
      {
        method: 'POST',
        url: this.url(this.options.checkout, '/carts'),
        apiKey: this.options.checkout.apiKey,
        json: {
          idCart: cart.idCart,
          emailNotice: cart.emailNotice ?? undefined,
          paymentNotices: cart.notices.map((n) => ({
            noticeNumber: n.noticeNumber,
            fiscalCode: n.creditorFiscalCode,
            amount: n.amountCents,
            companyName: n.companyName.slice(0, 140),
            description: n.description.slice(0, 140),
          })),
          returnUrls: cart.returnUrls,
        },
        idempotencyKey: cart.idCart,
      },
      this.options,
    );
    const location = result.headers.get('location');
    if (result.status !== 302 || !location) throw new PagoPaRefusedError(result.status, 'Checkout answered without a redirect');
    return { redirectUrl: location };
  }

  async fetchReceipts(creditorFiscalCode: string, since: Date): Promise<PagoPaReceipt[]> {
    const from = romeDateOf(since);
    const receipts: PagoPaReceipt[] = [];
    for (let page = 0; ; page++) {
      const list = await callPagoPa(
        {
          method: 'GET',
          url: this.url(this.options.receipts, `/payments/${creditorFiscalCode}/receipts?from=${from}&page=${page}&limit=100`),
          apiKey: this.options.receipts.apiKey,
        },
        this.options,
      );
      const body = JSON.parse(list.text) as { receiptsList?: { iuv: string }[]; pageInfo?: { total_pages?: number } };
      for (const item of body.receiptsList ?? []) {
        const xml = await callPagoPa(
          {
            method: 'GET',
            url: this.url(this.options.receipts, `/payments/${creditorFiscalCode}/receipts/${item.iuv}`),
            apiKey: this.options.receipts.apiKey,
          },
          this.options,
        );
        const receipt = parseReceiptXml(xml.text);
        if (receipt.paymentDateTime >= since) receipts.push(receipt);
      }
      if (page + 1 >= (body.pageInfo?.total_pages ?? 1)) break;
    }
    return receipts;
  }

  parseReceipt(payload: string): PagoPaReceipt {
    return parseReceiptXml(payload);
  }
}
