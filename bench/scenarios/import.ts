// The families import of issue 11: a 20,000-student CSV checked (dry run) and imported into the demo post-paid
// Comune, timed as a one-off job. Families import never calls pagoPA, so the gateway points nowhere.
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { createPagoPaGateway } from '../../src/pagopa/index.ts';
import { benchImport } from '../import.ts';
import type { BenchContext, ResultRow } from './context.ts';

/** Seconds a clerk waits for the real import of a Comune's whole registry; "reasonable" is a minute. */
export const MAX_IMPORT_SECONDS = 60;

export async function measureImport(ctx: BenchContext): Promise<ResultRow> {
  const config = loadConfig({ NODE_ENV: 'test', PAGOPA_MODE: 'simulator', BASE_URL: 'http://127.0.0.1:9' });
  const result = await benchImport(
    { prisma: ctx.prisma, pagopa: createPagoPaGateway(config), logger: pino({ level: 'silent' }) },
    'borgoverde',
  );
  ctx.log(
    `import of ${result.students} students (${result.megabytes} MB): dry run ${result.checkSeconds.toFixed(1)} s, import ${result.importSeconds.toFixed(1)} s, ${result.state}`,
  );
  return {
    scenario: `families import — ${result.students.toLocaleString('en')} students (${result.megabytes} MB CSV)`,
    unit: 's',
    value: +result.importSeconds.toFixed(1),
    baselineValue: null,
    p50: null,
    p95: null,
    target: `≤ ${MAX_IMPORT_SECONDS} s`,
    met: result.state === 'DONE' && result.importSeconds <= MAX_IMPORT_SECONDS,
    note: `dry run ${result.checkSeconds.toFixed(1)} s; batch ${result.state}`,
  };
}
