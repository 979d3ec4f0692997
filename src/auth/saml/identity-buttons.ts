import { randomInt } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { IdentityProvider, IdentityProviderRegistry } from './identity-providers.ts';

/** AgID's button rules: the identity providers in a different random order at every display. */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Gives the login page what "Entra con SPID" and "Entra con CIE" need. */
export function identityButtonLocals(identityProviders: IdentityProviderRegistry): RequestHandler {
  return async (_req, res, next) => {
    const slug = res.locals.tenant.slug;
    const spid = await identityProviders.spid();
    res.locals.spidProviders = shuffled(spid).map((idp: IdentityProvider) => ({
      name: idp.displayName,
      href: `/${slug}/saml/spid?idp=${encodeURIComponent(idp.entityId)}`,
      isTest: idp.isTestProvider,
    }));
    res.locals.cieHref = (await identityProviders.cie()) ? `/${slug}/saml/cie` : null;
    next();
  };
}
