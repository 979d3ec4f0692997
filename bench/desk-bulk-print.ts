// DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/desk-bulk-print.ts [counts, e.g. 2000,5000]
// The desk's bulk print of avvisi (the job's own function, runDeskPrint) on a database of its own: for each count,
// notices per second, the process's peak RSS and heap (sampled every 10 ms) and the PDF's size. Flat memory means
// the peaks do not grow with the count: rows are read 200 at a time and pdfkit writes each page to the file.
import { createIoGateway } from '../src/io/index.ts';
import { createSmtpMailer } from '../src/mail/mailer.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createPrismaClientOnPool } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/schema-engine.ts';
import type { AppDeps } from '../src/deps.ts';
import { systemClock } from '../src/domain/clock.ts';
import { runDeskPrint } from '../src/features/desk/bulk-print.ts';
import { createPagoPaGateway } from '../src/pagopa/index.ts';
import { aTenant } from '../test/helpers/builders.ts';
import { insertUnpaidNotices, measureMemory } from '../test/helpers/bulk-notices.ts';
import { createBenchDatabase, dropBenchDatabase } from './database.ts';

const DATABASE = 'ss_bench_desk_print';
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server the bench may create a database on');
const counts = (process.argv[2] ?? '2000,5000').split(',').map(Number);

const url = await createBenchDatabase(adminUrl, DATABASE);
const dataDir = mkdtempSync(path.join(tmpdir(), 'desk-print-'));
const pool = new pg.Pool({ connectionString: url, max: 4 });
try {
  await applyMigrations(url);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const prisma = createPrismaClientOnPool(pool);
  const deps: AppDeps = {
    config,
    prisma,
    pool,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    pagopa: createPagoPaGateway(config),
    io: createIoGateway(config),
    // bulk printing sends no e-mail: a mailer that is never opened
    mailer: createSmtpMailer('smtp://127.0.0.1:1', config.mail.from),
    jobs: { send: () => Promise.resolve(), sendMany: () => Promise.resolve() },
  };
  for (const count of counts) {
    const tenant = await aTenant(prisma, { slug: `bench-${count}`, fiscalCode: '80012345678' });
    await insertUnpaidNotices(prisma, tenant, { families: Math.ceil(count / 4), perFamily: 4, period: '2026-10' });
    const print = await prisma.deskPrint.create({ data: { tenantId: tenant.id, period: '2026-10', createdBy: 'bench' } });
    global.gc?.();
    const started = process.hrtime.bigint();
    const { result, memory } = await measureMemory(() => runDeskPrint(deps, print.id));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const done = await prisma.deskPrint.findUniqueOrThrow({ where: { id: print.id } });
    console.log(
      `${result.notices} notices: ${seconds.toFixed(1)} s, ${(result.notices / seconds).toFixed(0)} notices/s, ` +
        `peak RSS ${memory.peakRssMb} MB (from ${memory.baseRssMb}), peak heap ${memory.peakHeapMb} MB (from ${memory.baseHeapMb}), ` +
        `PDF ${((done.sizeBytes ?? 0) / 1024 / 1024).toFixed(1)} MB`,
    );
  }
  await prisma.$disconnect();
} finally {
  await pool.end();
  rmSync(dataDir, { recursive: true, force: true });
  await dropBenchDatabase(adminUrl, DATABASE);
}
