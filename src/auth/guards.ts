import type { RequestHandler } from 'express';
import type { AccountRole } from '../generated/prisma/enums.ts';
import { NotFoundError } from '../web/errors.ts';
import { hasRole, isCitizen, type SessionAuth } from './session-auth.ts';

/** Where a freshly logged-in person lands. */
export function homePathFor(auth: SessionAuth, tenantSlug: string): string {
  const base = `/${tenantSlug}`;
  if (isCitizen(auth)) return `${base}/home`;
  switch (auth.role) {
    case 'ADMIN':
    case 'CLERK':
      return `${base}/admin`;
    case 'CASHIER':
      return `${base}/sportello`;
    case 'CATERER':
      return `${base}/cucina`;
    default:
      return `${base}/`;
  }
}

/**
 * A logged-in member of staff's own area, or null for families and visitors: public pages that link to the
 * families' pages (which staff cannot open) point staff here instead.
 */
export function staffAreaOf(auth: SessionAuth | undefined, tenantSlug: string): string | null {
  return auth && !isCitizen(auth) ? homePathFor(auth, tenantSlug) : null;
}

function toLogin(req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]): void {
  if (req.method === 'GET') req.session.returnTo = req.originalUrl;
  res.redirect(`/${res.locals.tenant.slug}/accedi`);
}

/** Pages of a family: an intestatario, a delegate or a company that pays. */
export function requireCitizen(): RequestHandler {
  return (req, res, next) => {
    const auth = res.locals.auth;
    if (!auth) return toLogin(req, res);
    if (!isCitizen(auth)) throw new NotFoundError();
    next();
  };
}

/** Back-office pages; other logged-in people get 404, anonymous ones the login page. */
export function requireRole(...roles: AccountRole[]): RequestHandler {
  return (req, res, next) => {
    const auth = res.locals.auth;
    if (!auth) return toLogin(req, res);
    if (!hasRole(auth, roles)) throw new NotFoundError();
    next();
  };
}

/**
 * After an administrator set the password (new account, reset), only the password change and logout open
 * until the user picks their own; every other page leads there.
 */
export function passwordChangeFirst(): RequestHandler {
  return (req, res, next) => {
    if (!res.locals.auth?.mustChangePassword) return next();
    if (req.path === '/cambio-password' || req.path === '/esci') return next();
    res.redirect(`/${res.locals.tenant.slug}/cambio-password`);
  };
}
