import type { Config } from '../config.ts';
import { GpdCheckoutClient } from './client.ts';
import type { PagoPaGateway } from './gateway.ts';

export const SIMULATOR_MOUNT = '/_pagopa';

/**
 * The gateway is always the HTTP client. In simulator mode its base URLs point at our own `/_pagopa`
 * (or wherever PAGOPA_*_BASE_URL say), so the client and the simulator both run on every request.
 * `appBaseUrl` is a function because tests learn their port only once the server listens.
 */
export function createPagoPaGateway(config: Config, appBaseUrl: () => string = () => config.baseUrl): PagoPaGateway {
  const { pagopa } = config;
  const simulated = (path: string) => () => `${appBaseUrl()}${SIMULATOR_MOUNT}${path}`;
  const endpoint = (configured: string | undefined, simulatorPath: string, apiKey: string | undefined) => {
    // Real mode never falls back to the simulator: a missing URL is a configuration error, said at start.
    if (!configured && pagopa.mode === 'real')
      throw new Error(`PAGOPA_MODE=real needs the base URL of pagoPA's ${simulatorPath.slice(1)} service`);
    return { baseUrl: configured ? () => configured : simulated(simulatorPath), apiKey };
  };
  return new GpdCheckoutClient({
    timeoutMs: pagopa.timeoutMs,
    retries: pagopa.retries,
    gpd: endpoint(pagopa.gpdBaseUrl, '/gpd', pagopa.gpdApiKey),
    checkout: endpoint(pagopa.checkoutBaseUrl, '/checkout', pagopa.checkoutApiKey),
    receipts: endpoint(pagopa.receiptsBaseUrl, '/receipts', pagopa.receiptsApiKey),
  });
}

/** Hosts the browser is sent to when paying online, for the CSP form-action list (a form POST redirects there). */
export function checkoutFormTargets(config: Config): string[] {
  if (config.pagopa.mode !== 'real') return [];
  const targets = ['https://checkout.pagopa.it'];
  if (config.pagopa.checkoutBaseUrl) targets.push(new URL(config.pagopa.checkoutBaseUrl).origin);
  return targets;
}
