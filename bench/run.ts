// npm run bench [-- --quick] [-- --students N] [-- --big-close N] [-- --close-only] [-- --keep] [-- --cpu-prof]
// The portal (production mode, own process) against a bare-Express baseline (own process), loaded by autocannon
// (own process) with a thousand logged-in parents, on a database the bench creates, owns and drops. Prints one
// table and writes bench/results/<date>.md. See bench/README.md for what each scenario does.
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createPrismaClientOnPool } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/schema-engine.ts';
import { seedDemo } from '../prisma/seed/index.ts';
import { BENCH_TODAY } from './clock.ts';
import { createBenchDatabase, dropBenchDatabase, startBenchServer } from './database.ts';
import { generateComune, type DatasetOptions } from './dataset/index.ts';
import { appErrors, runToExit, serve } from './processes.ts';
import { printTable, writeResults } from './report.ts';
import { BIG_COMUNE, type BenchContext, type BenchSettings, type ResultRow } from './scenarios/context.ts';
import { measureBillingRun } from './scenarios/billing-run.ts';
import { measureDayClose } from './scenarios/day-close.ts';
import { measureImport } from './scenarios/import.ts';
import { measurePages, PARENT_PAGES } from './scenarios/pages.ts';
import { issueTopUpNotices, measureNoticePdfs, measureReceipts } from './scenarios/payments.ts';
import { measureRush } from './scenarios/rush.ts';
import { parentsOf } from './sessions.ts';

const DEMO = 'dimostrativo';
const BIG = BIG_COMUNE.slug;
const HUGE = 'metropoli';
const BILLED = 'citta-fatture';
const ISOLATION_TOLERANCE = 0.1;
const HUGE_COMUNE = (students: number) =>
  ({ slug: HUGE, students, seed: 'bench', billingMode: 'PREPAID', segregationCode: '07', history: false }) as const;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    students: { type: 'string' },
    'big-close': { type: 'string' },
    'close-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const quick = args.quick;
const students = Number(args.students ?? (quick ? 2000 : 20_000));
const bigClose = Number(args['big-close'] ?? (quick ? 0 : 150_000));
const settings: BenchSettings = quick
  ? { quick, seconds: 5, warmupSeconds: 2, connections: 32, rushConnections: 128 }
  : { quick, seconds: 20, warmupSeconds: 3, connections: 32, rushConnections: 128 };
const rushChildren = quick ? 300 : 3000;
const receiptNotices = quick ? 900 : 9000;

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The conto virtuale of the demo Comune with the big Comune loaded, against itself before it was. */
function isolationRow(before: ResultRow, after: ResultRow): ResultRow {
  const ratio = before.value ? after.value! / before.value : 0;
  return {
    scenario: 'conto virtuale (demo): with ÷ without the big Comune',
    unit: 'req/s',
    value: after.value,
    baselineValue: before.value,
    p50: after.p50,
    p95: after.p95,
    target: `1 ± ${ISOLATION_TOLERANCE}`,
    met: Math.abs(ratio - 1) <= ISOLATION_TOLERANCE,
    note: `demo conto ${before.value} req/s (p95 ${before.p95} ms) alone, ${after.value} req/s (p95 ${after.p95} ms) next to ${students} students`,
  };
}

/** Generates a Comune on the bench database and notes what it holds in the results' datasets. */
async function loadComune(pool: pg.Pool, datasets: string[], options: Omit<DatasetOptions, 'today' | 'log'>, what: string) {
  const summary = await generateComune(pool, { ...options, today: BENCH_TODAY, log });
  const counts = Object.entries(summary.counts)
    .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
    .join(', ');
  datasets.push(`${options.slug}: ${counts}${what} in ${summary.seconds.toFixed(1)} s`);
  return summary;
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = os.loadavg();
  const server = await startBenchServer(process.env.DATABASE_URL);
  const databaseUrl = await createBenchDatabase(server.adminUrl);
  log(`bench database created on ${server.description}`);
  await applyMigrations(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  const prisma = createPrismaClientOnPool(pool);
  const datasets: string[] = [];
  let app, baseline;
  try {
    if (args['close-only']) {
      const rows = [];
      await loadComune(pool, datasets, { ...BIG_COMUNE, students }, '; generated and loaded');
      rows.push(await measureDayClose({ pool, prisma, log }, BIG));
      if (bigClose > 0) {
        await loadComune(pool, datasets, HUGE_COMUNE(bigClose), ' (no history: for the day close at scale),');
        rows.push(await measureDayClose({ pool, prisma, log }, HUGE));
      }
      printTable(rows);
      return;
    }
    const demoStarted = performance.now();
    await seedDemo(prisma, { today: BENCH_TODAY });
    datasets.push(`demo Comuni (prisma/seed) as of ${BENCH_TODAY}, in ${((performance.now() - demoStarted) / 1000).toFixed(1)} s`);
    const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [];
    [app, baseline] = await Promise.all([
      serve('app-server.ts', databaseUrl, undefined, profile),
      serve('baseline-server.ts', databaseUrl),
    ]);
    const ctx: BenchContext = { pool, prisma, app, baseline, settings, rows: [], log };
    // the results file is rewritten after every scenario, so a run that fails or is stopped keeps what it measured
    const save = async (...rows: ResultRow[]) => {
      ctx.rows.push(...rows);
      await writeResults(ctx.rows, {
        started,
        mode: quick ? 'quick' : 'full',
        database: server.description,
        settings: `${settings.connections} connections (rush also ${settings.rushConnections}), ${settings.seconds} s per load after ${settings.warmupSeconds} s of warm-up (4 connections); portal in production mode (NODE_ENV=production)${args['cpu-prof'] ? ', profiled (--cpu-prof)' : ''}.`,
        datasets,
        loadBefore,
        loadAfter: os.loadavg(),
        appErrors: appErrors(),
      });
    };

    const demoParents = await parentsOf(pool, DEMO, 10_000);
    const conto = PARENT_PAGES.filter((p) => p.path === 'conto');
    const [demoContoAlone] = await measurePages(ctx, DEMO, demoParents, 'demo, alone', conto);
    await save(demoContoAlone);

    await loadComune(pool, datasets, { ...BIG_COMUNE, students }, '; generated and loaded');
    const demoRows = await measurePages(
      ctx,
      DEMO,
      demoParents,
      `demo, next to ${students.toLocaleString('en')} students`,
      quick ? conto : PARENT_PAGES,
    );
    ctx.rows.push(
      ...demoRows,
      isolationRow(
        demoContoAlone,
        demoRows.find((r) => r.scenario.startsWith('conto'))!,
      ),
    );
    const bigParents = await parentsOf(pool, BIG, 1_000_000);
    ctx.rows.push(
      ...(await measurePages(
        ctx,
        BIG,
        bigParents.slice(0, Math.max(1000, Math.min(bigParents.length, 5000))),
        `${students.toLocaleString('en')} students`,
      )),
    );

    const parentsById = new Map(bigParents.map((p) => [p.guardianId, p]));
    const used = new Set<string>();
    for (const connections of [settings.connections, settings.rushConnections]) {
      await save(await measureRush(ctx, BIG, parentsById, connections, rushChildren, used));
    }
    const notices = await issueTopUpNotices(ctx, BIG, receiptNotices);
    await save(await measureNoticePdfs(ctx, BIG, notices, parentsById));
    await save(await measureReceipts(ctx, BIG, notices));
    await save(await measureDayClose(ctx, BIG));
    await save(await measureImport(ctx));

    await loadComune(
      pool,
      datasets,
      { slug: BILLED, students, seed: 'bench-billing', billingMode: 'POSTPAID', segregationCode: '06', history: true },
      ' (post-paid: for the billing run),',
    );
    await save(await measureBillingRun(ctx, BILLED));

    if (bigClose > 0) {
      await loadComune(pool, datasets, HUGE_COMUNE(bigClose), ' (no history: for the day close at scale),');
      await save(await measureDayClose(ctx, HUGE));
    }

    printTable(ctx.rows);
    for (const error of appErrors()) log(`portal error: ${error}`);
    await save();
    log(`results written to bench/results/`);
    if (ctx.rows.some((r) => r.met === false)) process.exitCode = 1;
  } finally {
    await Promise.all([app?.stop(), baseline?.stop()]);
    await prisma.$disconnect();
    await pool.end();
    if (!args.keep) await dropBenchDatabase(server.adminUrl);
    await server.stop();
  }
}

runToExit(main);
