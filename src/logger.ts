import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** JSON logs; every line written during a request carries its request id. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.SAMLResponse'],
      censor: '[redacted]',
    },
  });
}
