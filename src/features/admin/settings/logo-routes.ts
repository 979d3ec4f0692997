import express, { type Router } from 'express';
import type { AppDeps } from '../../../deps.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { logoOf } from './service.ts';

/** GET /:comune/logo — the Comune's logo, public, with the type sniffed at upload time. */
export function logoRoutes({ prisma }: AppDeps): Router {
  const router = express.Router();
  router.get('/logo', async (_req, res) => {
    const logo = await logoOf(prisma, res.locals.tenant.id);
    if (!logo) throw new NotFoundError();
    res.set('Cache-Control', 'public, max-age=300');
    res.set('Content-Security-Policy', "default-src 'none'");
    res.type(logo.mimeType).send(Buffer.from(logo.content));
  });
  return router;
}
