import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestContext } from '../logger.ts';

/** Gives every request an id (also on the 500 page) and a JSON access log line. */
export function setUpRequestContext(logger: Logger): RequestHandler[] {
  const assignId: RequestHandler = (req, res, next) => {
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    (req as { id?: string }).id = requestId;
    requestContext.run({ requestId }, next);
  };
  const accessLog = pinoHttp({
    logger,
    genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
    autoLogging: { ignore: (req) => req.url?.startsWith('/static/') ?? false },
    customProps: () => ({}),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/\?.*$/, '') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return [assignId, accessLog];
}
