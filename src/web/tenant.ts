import type { RequestHandler } from 'express';
import type { Db } from '../db/client.ts';
import type { Tenant } from '../generated/prisma/client.ts';
import { NotFoundError } from './errors.ts';

const CACHE_MS = 30_000;

/**
 * Loads the Comune named by the first path segment (404 if unknown) and exposes it, with the
 * login of this Comune if any, to routes and views. A login to one Comune means nothing in another.
 */
export function setUpTenant(prisma: Db): RequestHandler {
  const cache = new Map<string, { tenant: Tenant | null; at: number }>();
  return async (req, res, next) => {
    const slug = String(req.params.tenant ?? '');
    if (!/^[a-z0-9-]{2,40}$/.test(slug)) throw new NotFoundError();
    let entry = cache.get(slug);
    if (!entry || Date.now() - entry.at > CACHE_MS) {
      entry = { tenant: await prisma.tenant.findUnique({ where: { slug } }), at: Date.now() };
      cache.set(slug, entry);
    }
    if (!entry.tenant) throw new NotFoundError();
    res.locals.tenant = entry.tenant;
    const auth = req.session?.auth;
    res.locals.auth = auth && auth.tenantId === entry.tenant.id ? auth : undefined;
    next();
  };
}
