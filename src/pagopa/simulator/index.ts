import type { Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { pagoPaSimulator } from './routes.ts';

/**
 * The simulator as mounted by createApp: it pushes receipts to the station of the Comune whose fiscal
 * code is on them, which for us is that Comune's push endpoint on this same server.
 */
export function simulatorRouter(deps: Pick<AppDeps, 'config' | 'prisma' | 'logger' | 'clock'>): Router {
  const { config, prisma, logger, clock } = deps;
  return pagoPaSimulator({
    stationUrlFor: async (creditorFiscalCode) => {
      const tenant = await prisma.tenant.findFirst({ where: { fiscalCode: creditorFiscalCode }, select: { slug: true } });
      return tenant ? `${config.baseUrl}/${tenant.slug}/pagopa/receipts` : null;
    },
    pushToken: config.pagopa.pushToken,
    logger,
    now: () => clock.now(),
  }).router;
}
