import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * CSP without 'unsafe-inline': scripts and styles come from our own files or carry this request's nonce.
 * Forms may post to ourselves and to the identity providers / pagoPA checkout (SAML POST binding).
 */
export function setUpSecurityHeaders(options: { isProduction: boolean; formTargets: () => string[] }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers: RequestHandler = (req, res, next) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", `'nonce-${res.locals.cspNonce}'`],
          styleSrc: ["'self'", `'nonce-${res.locals.cspNonce}'`],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'", ...options.formTargets()],
          ...(options.isProduction ? { upgradeInsecureRequests: [] } : { upgradeInsecureRequests: null }),
        },
      },
      strictTransportSecurity: options.isProduction,
      crossOriginEmbedderPolicy: false,
    })(req, res, next);
  return [nonce, headers];
}
