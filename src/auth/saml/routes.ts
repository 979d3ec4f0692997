import express, { type RequestHandler, type Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import type { Federation, IdentityProviderRegistry } from './identity-providers.ts';
import { identityButtonLocals } from './identity-buttons.ts';
import { loginRoutes } from './login-routes.ts';
import { logoutRoutes } from './logout-routes.ts';
import { serviceProviderMetadata } from './metadata.ts';
import { currentServiceProvider } from './service-provider.ts';

function metadataOf(federation: Federation, deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    const sp = await currentServiceProvider(deps.prisma, res.locals.tenant, federation, deps.config);
    res.type('application/samlmetadata+xml').send(serviceProviderMetadata(sp));
  };
}

/** Everything SAML under /:tenant/saml/…: login, ACS, signed metadata, Single Logout. */
export function samlRoutes(deps: AppDeps, identityProviders: IdentityProviderRegistry): Router {
  const samlDeps = { config: deps.config, prisma: deps.prisma, clock: deps.clock, logger: deps.logger, identityProviders };
  const router = express.Router();
  router.get('/accedi', identityButtonLocals(identityProviders));
  router.get('/saml/metadata', metadataOf('SPID', deps));
  router.get('/saml/metadata/cie', metadataOf('CIE', deps));
  router.use(loginRoutes(samlDeps));
  router.use(logoutRoutes(samlDeps));
  return router;
}
