import type { AppDeps } from '../deps.ts';
import { runQueuedImports } from '../features/admin/imports/batches.ts';
import { repeatEvery, type RepeatingJob } from './schedule.ts';

/**
 * The import worker: a confirmed import is started at once by the page that confirms it; this pass runs the
 * ones left queued (a restart, another replica's request). Each batch is claimed by one conditional update,
 * so two instances never run the same file. Started only by src/server.ts.
 */
export function startImportsJob(deps: Pick<AppDeps, 'prisma' | 'pagopa' | 'logger'>, intervalMs = 30_000): RepeatingJob {
  return repeatEvery(() => runQueuedImports(deps), intervalMs, {
    immediately: true,
    onError: (error) => deps.logger.error({ err: error }, 'imports worker crashed'),
  });
}
