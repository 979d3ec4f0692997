import type { Response } from 'express';
import type { AppDeps } from '../../deps.ts';
import { PagoPaUnavailableError } from '../../pagopa/gateway.ts';
import { DomainRuleError } from '../../web/errors.ts';
import type { Translate } from '../../web/i18n.ts';
import { missingRequiredData } from '../required-data/service.ts';
import type { PaymentDeps } from './service.ts';

// What the payment routes share: turning service errors into a message on the same page, and the
// "dati obbligatori" check that comes before any payment.

/** A service error the parent can act on (with the status to answer, the message in `t`'s language), or null for a real failure. */
export function userErrorOf(error: unknown, t: Translate): { status: number; message: string } | null {
  if (error instanceof PagoPaUnavailableError) return { status: 503, message: t('payments.refusals.pagoPaDown') };
  if (error instanceof DomainRuleError) return { status: error.status, message: error.messageIn(t) };
  return null;
}

/**
 * Before any payment or top-up the portal needs the parent's e-mail and the fiscal codes (seed 004):
 * when something is missing, the "dati obbligatori" page, which brings the parent back to `back`.
 */
export async function requiredDataDetour(deps: AppDeps, res: Response, back: string, studentIds?: string[]): Promise<string | null> {
  const missing = await missingRequiredData(deps.prisma, res.locals.auth!, studentIds);
  return missing.length ? `/${res.locals.tenant.slug}/dati-obbligatori?ritorno=${encodeURIComponent(back)}` : null;
}

export function paymentDeps(deps: AppDeps): PaymentDeps {
  return { prisma: deps.prisma, pagopa: deps.pagopa, baseUrl: deps.config.baseUrl, clock: deps.clock };
}
