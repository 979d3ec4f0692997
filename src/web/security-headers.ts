import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * CSP without 'unsafe-inline': scripts and styles come from our own files or carry this request's nonce.
 * Forms may post to ourselves and to the identity providers / pagoPA checkout (SAML POST binding).
 */
export function setUpSecurityHeaders(options: { isProduction: boolean; formTargets: () => Promise<string[]> }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  // the targets are awaited: on the first request after start the identity providers' metadata may still be loading
  const headers: RequestHandler = (req, res, next) => {
    options.formTargets().then((formTargets) => withTargets(res.locals.cspNonce, formTargets)(req, res, next), next);
  };
  const withTargets = (cspNonce: string, formTargets: string[]) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", `'nonce-${cspNonce}'`],
          styleSrc: ["'self'", `'nonce-${cspNonce}'`],
          // data: only for passive content: Bootstrap Italia's CSS inlines an icon font and small SVG images
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          manifestSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'", ...formTargets],
          ...(options.isProduction ? { upgradeInsecureRequests: [] } : { upgradeInsecureRequests: null }),
        },
      },
      strictTransportSecurity: options.isProduction,
      crossOriginEmbedderPolicy: false,
    });
  return [nonce, headers];
}
