import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { AppDeps } from './deps.ts';
import { authRoutes } from './auth/routes.ts';
import { passwordChangeFirst } from './auth/guards.ts';
import { DEV_IDP_PATH } from './auth/dev-idp/descriptor.ts';
import { devIdpRoutes } from './auth/dev-idp/routes.ts';
import { samlRoutes } from './auth/saml/routes.ts';
import { identityProvidersFor } from './auth/saml/setup.ts';
import { adminRoutes } from './features/admin/index.ts';
import { logoRoutes } from './features/admin/settings/index.ts';
import { kitchenRoutes } from './features/kitchen/routes.ts';
import { deskRoutes } from './features/desk/routes.ts';
import { paymentsRoutes } from './features/payments/routes.ts';
import { checkoutFormTargets, SIMULATOR_MOUNT } from './pagopa/index.ts';
import { pagoPaPushRoutes } from './pagopa/push-routes.ts';
import { simulatorRouter } from './pagopa/simulator/index.ts';
import { IO_SIMULATOR_MOUNT } from './io/index.ts';
import { ioSimulator } from './io/simulator/routes.ts';
import { MAIL_MOUNT, mailCatcherRoutes } from './mail/routes.ts';
import { notificationsRoutes } from './features/notifications/routes.ts';
import { publicRoutes, tenantsIndex } from './features/public/routes.ts';
import { manifestRoutes } from './features/public/manifest.ts';
import { accountRoutes } from './features/account/routes.ts';
import { delegatesRoutes } from './features/delegates/routes.ts';
import { homeRoutes } from './features/home/routes.ts';
import { invoicesRoutes } from './features/invoices/routes.ts';
import { newsRoutes } from './features/news/routes.ts';
import { praticheRoutes } from './features/pratiche/routes.ts';
import { registryRoutes } from './features/registry/routes.ts';
import { requiredDataRoutes } from './features/required-data/routes.ts';
import { supportRoutes } from './features/support/routes.ts';
import { walletRoutes } from './features/wallet/routes.ts';
import { canteenRoutes } from './features/canteen/routes.ts';
import { setUpCsrf } from './web/csrf.ts';
import { parseQueryString, setUpFormBodies } from './web/form-bodies.ts';
import { setUpMultipart } from './web/multipart.ts';
import { setUpErrorHandler, setUpNotFound } from './web/errors.ts';
import { setUpHealth } from './web/health.ts';
import { createI18n, translator } from './web/i18n.ts';
import { setUpPrivateCaching } from './web/private-caching.ts';
import { setUpRequestContext } from './web/request-context.ts';
import { setUpSecurityHeaders } from './web/security-headers.ts';
import { setUpSession } from './web/session.ts';
import { languageRoutes } from './web/language.ts';
import { setUpStaticAssets } from './web/static-assets.ts';
import { setUpTenant } from './web/tenant.ts';
import { setUpViewLocals } from './web/view-locals.ts';
import { keepReadsOf } from './db/change-feed.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Paths that prove who they are by signature or token instead of a CSRF token; they are not browser forms
 * either, and parse their own bodies.
 */
const CSRF_EXEMPT = [/^\/[a-z0-9-]+\/saml\/(acs|slo)$/, /^\/_pagopa\//, /^\/_io\//, /^\/[a-z0-9-]+\/pagopa\/receipts$/];

export function createApp(deps: AppDeps): Express {
  const { config, prisma, pool, logger } = deps;
  if (deps.changes) keepReadsOf(prisma, deps.changes);
  const app = express();
  const identityProviders = identityProvidersFor(config, logger);
  const i18n = createI18n(path.join(root, 'locales'));
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', path.join(root, 'views'));
  // Compiled templates are kept (Express only does so by itself in production); development re-reads edits.
  app.set('view cache', config.viewCache);

  app.use(setUpHealth(pool));
  app.use(setUpRequestContext(logger));
  app.use(
    setUpSecurityHeaders({
      isProduction: config.isProduction,
      formTargets: async () => [...checkoutFormTargets(config), ...(await identityProviders.formTargets())],
    }),
  );
  app.use(setUpStaticAssets(path.join(root, 'public')));
  app.set('query parser', parseQueryString);
  app.use(setUpFormBodies((req) => CSRF_EXEMPT.some((pattern) => pattern.test(req.path))));
  app.use(
    setUpSession({
      pool,
      secret: config.session.secret,
      secure: config.isProduction,
      idleMinutes: config.session.idleMinutes,
      absoluteHours: config.session.absoluteHours,
      now: () => deps.clock.now().getTime(),
    }),
  );
  app.use(setUpPrivateCaching());
  app.use(setUpViewLocals(i18n));
  app.use(setUpMultipart());
  app.use(setUpCsrf((req) => CSRF_EXEMPT.some((pattern) => pattern.test(req.path))));

  app.use(languageRoutes({ secure: config.isProduction }));
  app.get('/', tenantsIndex(deps));
  if (!config.isProduction) app.use(DEV_IDP_PATH, devIdpRoutes(deps));
  if (!config.isProduction) app.use(SIMULATOR_MOUNT, simulatorRouter(deps));
  if (!config.isProduction) app.use(IO_SIMULATOR_MOUNT, ioSimulator(() => deps.clock.now()).router);
  if (!config.isProduction && deps.mailCatcher) app.use(MAIL_MOUNT, mailCatcherRoutes(deps.mailCatcher));

  const tenant = express.Router({ mergeParams: true });
  tenant.use(setUpTenant(prisma));
  tenant.use(manifestRoutes());
  tenant.use(publicRoutes(deps));
  tenant.use(logoRoutes(deps));
  tenant.use(samlRoutes(deps, identityProviders));
  tenant.use(authRoutes(deps));
  tenant.use(passwordChangeFirst());
  tenant.use('/home', homeRoutes(deps));
  tenant.use('/anagrafica/delegati', delegatesRoutes(deps));
  tenant.use('/anagrafica', registryRoutes(deps));
  tenant.use('/documenti', invoicesRoutes(deps));
  tenant.use('/conto', walletRoutes(deps));
  tenant.use(canteenRoutes(deps));
  tenant.use('/dati-obbligatori', requiredDataRoutes(deps));
  tenant.use('/pratiche', praticheRoutes(deps));
  tenant.use('/news', newsRoutes(deps));
  tenant.use('/comunicazioni', notificationsRoutes(deps));
  tenant.use('/cambio-password', accountRoutes(deps));
  tenant.use(supportRoutes(deps));
  tenant.use('/pagopa', pagoPaPushRoutes(deps));
  tenant.use(paymentsRoutes(deps));
  tenant.use('/admin', adminRoutes(deps));
  tenant.use('/cucina', kitchenRoutes(deps));
  tenant.use('/sportello', deskRoutes(deps));
  app.use('/:tenant', tenant);

  app.use(setUpNotFound());
  app.use(setUpErrorHandler(logger, !config.isProduction, translator(i18n)));
  return app;
}
