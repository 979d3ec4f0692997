import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

/** Our own assets and Bootstrap Italia, served from node_modules (no CDN). */
export function setUpStaticAssets(publicDir: string): Router {
  const require = createRequire(import.meta.url);
  const bootstrapItalia = path.join(path.dirname(require.resolve('bootstrap-italia/package.json')), 'dist');
  const router = express.Router();
  const options = { maxAge: '7d', index: false, fallthrough: false } as const;
  router.use('/static/bootstrap-italia', express.static(bootstrapItalia, options));
  router.use('/static', express.static(publicDir, options));
  // Browsers ask for /favicon.ico whatever the page declares; answer without touching the session.
  router.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/img/favicon.svg'));
  return router;
}
