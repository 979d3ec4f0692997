import type { RequestHandler } from 'express';

/**
 * Nothing a logged-in person sees is kept by a browser or proxy cache (a shared computer would show the next
 * user a child's notices): every answer to a request with a logged-in session is `Cache-Control: no-store`,
 * pages, PDFs and CSVs alike. Static assets are served before the session and keep their caching.
 */
export function setUpPrivateCaching(): RequestHandler {
  return (req, res, next) => {
    if (req.session?.auth) res.set('Cache-Control', 'no-store');
    next();
  };
}
