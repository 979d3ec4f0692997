import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * Synchronizer-token CSRF protection on every unsafe method. The token travels in the `_csrf` form field
 * or the x-csrf-token header, never in the query string: URLs end up in access logs, proxies and history.
 * Exempt paths authenticate themselves (signed SAML responses, the pagoPA push with its token).
 */
export function setUpCsrf(isExempt: (req: Request) => boolean): RequestHandler {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) =>
      (req.body as { _csrf?: string } | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
    skipCsrfProtection: isExempt,
    errorConfig: { statusCode: 403, message: 'invalid csrf token', code: 'EBADCSRFTOKEN' },
  });
  return (req, res, next) => {
    csrfSynchronisedProtection(req, res, (error?: unknown) => {
      if (error) return next(error);
      // A token is made only when a page needs one, so anonymous visitors get no session.
      Object.defineProperty(res.locals, 'csrfToken', {
        configurable: true,
        enumerable: true,
        get: () => generateToken(req),
      });
      next();
    });
  };
}
