import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { AppDeps } from '../deps.ts';
import { applyReceipt } from './apply-receipt.ts';
import { MalformedReceiptError } from './gateway.ts';
import { pushTokenHash } from './push-token.ts';
import { paSendRtResponse } from './receipt-xml.ts';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
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
 * it proves itself with the Comune's bearer token instead. Answers paSendRTRes OK once the receipt is stored.
 */
export function pagoPaPushRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.post(
    '/receipts',
    express.text({ type: ['text/xml', 'application/xml', 'application/soap+xml'], limit: '200kb' }),
    async (req, res) => {
      const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!(await acceptsToken(deps, res.locals.tenant.id, token)))
        return res.status(401).type('text/xml').send(paSendRtResponse('KO', 'unauthorized'));
      const raw = typeof req.body === 'string' ? req.body : '';
      let receipt;
      try {
        receipt = deps.pagopa.parseReceipt(raw);
      } catch (error) {
        if (!(error instanceof MalformedReceiptError)) throw error;
        deps.logger.warn({ err: error }, 'pagoPA push: malformed receipt');
        return res.status(400).type('text/xml').send(paSendRtResponse('KO', 'malformed receipt'));
      }
      const result = await applyReceipt(deps.prisma, res.locals.tenant, receipt, { kind: 'PUSH', raw });
      deps.logger.info({ receiptId: receipt.receiptId, outcome: result.outcome }, 'pagoPA receipt pushed');
      res.type('text/xml').send(paSendRtResponse('OK'));
    },
  );
  return router;
}
