import { callPagoPa, type HttpOptions } from '../pagopa/http.ts';
import type { IoGateway, IoMessage, IoProfile } from './gateway.ts';

/**
 * IO's Services API (pagoPA S.p.A.): POST /profiles, then POST /messages. The HTTP layer is pagoPA's: 429, 5xx and
 * timeouts retried with backoff, other 4xx thrown at once as PagoPaRefusedError (recorded by the caller).
 */
export class IoHttpClient implements IoGateway {
  constructor(
    private readonly baseUrl: () => string,
    private readonly options: HttpOptions,
  ) {}

  private url(path: string): string {
    return this.baseUrl().replace(/\/$/, '') + path;
  }

  async getProfile(apiKey: string, fiscalCode: string): Promise<IoProfile> {
    const answer = await callPagoPa(
      { method: 'POST', url: this.url('/profiles'), apiKey, json: { fiscal_code: fiscalCode }, accept: [404] },
      this.options,
    );
    if (answer.status === 404) return { exists: false };
    const profile = JSON.parse(answer.text) as { sender_allowed?: boolean };
    return { exists: true, senderAllowed: profile.sender_allowed === true };
  }

  async submitMessage(apiKey: string, message: IoMessage): Promise<{ id: string }> {
    const content: Record<string, unknown> = { subject: message.subject, markdown: message.markdown };
    if (message.dueDate) content.due_date = message.dueDate;
    if (message.payment)
      content.payment_data = {
        amount: message.payment.amountCents,
        notice_number: message.payment.noticeNumber,
        invalid_after_due_date: message.payment.invalidAfterDueDate,
        payee: { fiscal_code: message.payment.payeeFiscalCode },
      };
    const answer = await callPagoPa(
      {
        method: 'POST',
        url: this.url('/messages'),
        apiKey,
        json: { fiscal_code: message.fiscalCode, feature_level_type: 'STANDARD', content },
      },
      this.options,
    );
    return { id: (JSON.parse(answer.text) as { id: string }).id };
  }
}
