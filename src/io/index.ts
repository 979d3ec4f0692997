import type { Config } from '../config.ts';
import { IoHttpClient } from './client.ts';
import type { IoGateway } from './gateway.ts';

export const IO_SIMULATOR_MOUNT = '/_io';

/** Always the HTTP client: at IO's real API in production, at our own /_io simulator otherwise (as for pagoPA). */
export function createIoGateway(config: Config, appBaseUrl: () => string = () => config.baseUrl): IoGateway {
  const configured = config.io.baseUrl;
  return new IoHttpClient(configured ? () => configured : () => `${appBaseUrl()}${IO_SIMULATOR_MOUNT}/api/v1`, {
    timeoutMs: config.io.timeoutMs,
    retries: config.io.retries,
  });
}
