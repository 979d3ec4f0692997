import { timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type Response, type Router } from 'express';
import type { AppDeps } from '../deps.ts';
import { applyReceipt } from './apply-receipt.ts';
import { MalformedReceiptError } from './gateway.ts';
import { pushTokenHash } from './push-token.ts';
import { paSendRtResponse } from './receipt-xml.ts';

const XML_TYPES = ['text/xml', 'application/xml', 'application/soap+xml'];

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every answer is a paSendRTRes: the nodo reads its outcome, never an HTML page. */
function answer(res: Response, status: number, outcome: 'OK' | 'KO', fault?: string) {
  return res.status(status).type('text/xml').send(paSendRtResponse(outcome, fault));
}

/**
 * The Comune's own token when it has one (only its hash is stored, read fresh: a new or revoked token counts at
 * once), else the installation's shared PAGOPA_PUSH_TOKEN.
 */
async function acceptsToken(deps: AppDeps, tenantId: string, token: string): Promise<boolean> {
  const { pushTokenHash: expected } = await deps.prisma.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { pushTokenHash: true },
  });
  return expected ? sameToken(pushTokenHash(token), expected) : sameToken(token, deps.config.pagopa.pushToken);
}

/**
 * POST /:tenant/pagopa/receipts — paSendRT pushed by pagoPA's nodo (or the simulator). Exempt from CSRF;
 * it proves itself with the Comune's bearer token instead. Answers paSendRTRes OK once the receipt is stored;
 * a KO with a 4xx when the request itself is wrong, and a KO with a 503 when the receipt could not be stored
 * (nothing was saved), so that the nodo delivers it again.
 */
export function pagoPaPushRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.post('/receipts', express.text({ type: XML_TYPES, limit: '200kb' }), async (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!(await acceptsToken(deps, res.locals.tenant.id, token))) return answer(res, 401, 'KO', 'unauthorized');
    if (!req.is(XML_TYPES) || typeof req.body !== 'string') return answer(res, 415, 'KO', 'expected an XML paSendRT');
    const raw = req.body;
    let receipt;
    try {
      receipt = deps.pagopa.parseReceipt(raw);
    } catch (error) {
      if (!(error instanceof MalformedReceiptError)) throw error;
      deps.logger.warn({ err: error }, 'pagoPA push: malformed receipt');
      return answer(res, 400, 'KO', 'malformed receipt');
    }
    try {
      const result = await applyReceipt(deps.prisma, res.locals.tenant, receipt, { kind: 'PUSH', raw });
      deps.logger.info({ receiptId: receipt.receiptId, outcome: result.outcome }, 'pagoPA receipt pushed');
    } catch (error) {
      deps.logger.error({ err: error, receiptId: receipt.receiptId }, 'pagoPA push: receipt not stored, the nodo will retry');
      return answer(res, 503, 'KO', 'receipt not stored, retry later');
    }
    answer(res, 200, 'OK');
  });
  // a body over the limit is refused by express.text before the route: still a paSendRTRes, not an error page
  const tooLarge: ErrorRequestHandler = (error: { type?: string }, _req, res, next) =>
    error.type === 'entity.too.large' ? answer(res, 413, 'KO', 'request too large') : next(error);
  router.use(tooLarge);
  return router;
}
