// npx tsx bench/profile.ts [--students 300] [--requests 300] [--pages home,documenti,refezione,conto,pdf]
// Where a parent page's time goes, in figures that do not depend on how loaded the machine is: SQL statements per
// request (counted in the portal's process) and a CPU profile of a stretch of requests (shares of busy time).
// Needs DATABASE_URL (a server to make its own database on, marked and dropped like the bench's). Profiles and
// their summaries go to bench/results/profiles/ (not committed).
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seedDemo } from '../prisma/seed/index.ts';
import { createPrismaClientOnPool } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/schema-engine.ts';
import type { ProbeMessage } from './app-probe.ts';
import { BENCH_TODAY } from './clock.ts';
import { createBenchDatabase, dropBenchDatabase } from './database.ts';
import { generateComune } from './dataset/index.ts';
import { formatSummary, summarizeProfile } from './profile-summary.ts';
import { runToExit, serve, type Served } from './processes.ts';
import { BIG_COMUNE, type BenchContext } from './scenarios/context.ts';
import { MORNING } from './scenarios/pages.ts';
import { issueTopUpNotices } from './scenarios/payments.ts';
import { openSessions, parentsOf } from './sessions.ts';

const { values: args } = parseArgs({
  options: {
    students: { type: 'string', default: '300' },
    requests: { type: 'string', default: '300' },
    pages: { type: 'string', default: 'home,documenti,refezione,conto,pdf' },
    keep: { type: 'boolean', default: false },
  },
});

/** Its own database, and where profiles go. */
const [DATABASE, OUT] = ['ss_profile_owned', 'bench/results/profiles'];
const SLUG = BIG_COMUNE.slug;
const CONCURRENCY = 4;

/** Frames whose inclusive share is worth knowing on a parent page. */
const INCLUSIVE = {
  'EJS (compile + render)': (f: { url: string }) => f.url.includes('node_modules/ejs/'),
  'Prisma client (+ its wasm query compiler)': (f: { url: string }) =>
    f.url.includes('@prisma/') || f.url.includes('src/generated/prisma') || f.url.includes('/prisma/'),
  'pg + pg-protocol': (f: { url: string }) => /node_modules\/pg(-protocol|-pool)?\//.test(f.url),
  'express-session + connect-pg-simple': (f: { url: string }) => /express-session|connect-pg-simple/.test(f.url),
  i18next: (f: { url: string }) => f.url.includes('node_modules/i18next'),
  luxon: (f: { url: string }) => f.url.includes('node_modules/luxon'),
  'pdfkit + fontkit': (f: { url: string }) => /node_modules\/(pdfkit|fontkit|@foliojs|restructure|linebreak)/.test(f.url),
  'qrcode + pngjs': (f: { url: string }) => /node_modules\/(qrcode|pngjs)\//.test(f.url),
  'bwip-js': (f: { url: string }) => f.url.includes('node_modules/bwip-js'),
  'zlib (deflate)': (f: { url: string; functionName: string }) => f.url === 'node:zlib' || /zlib/i.test(f.functionName),
  helmet: (f: { url: string }) => f.url.includes('node_modules/helmet'),
  '(garbage collector)': (f: { functionName: string }) => f.functionName === '(garbage collector)',
};

async function ask(app: Served, message: ProbeMessage): Promise<{ statements: number }> {
  const answered = once(app.process, 'message') as Promise<[{ statements: number }]>;
  app.process.send(message);
  return (await answered)[0];
}

/** CPU time (user + system) of these processes so far, by pid, from /proc (Linux; clock ticks of 10 ms). */
function cpuMsOf(pids: readonly number[]): Map<number, number> {
  const ms = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      ms.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

/** The PostgreSQL backends serving the profiling database (the portal's pool, the baseline's, this script's). */
async function backends(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [DATABASE]);
  return rows.map((r) => r.pid);
}

/** CPU milliseconds a stretch of requests cost a server process and the database's backends. */
async function cpuOf(pool: pg.Pool, serverPid: number, work: () => Promise<void>): Promise<{ server: number; database: number }> {
  const before = cpuMsOf([serverPid, ...(await backends(pool))]);
  await work();
  const after = cpuMsOf([serverPid, ...(await backends(pool))]);
  let database = 0;
  for (const [pid, ms] of after) if (pid !== serverPid) database += ms - (before.get(pid) ?? 0);
  return { server: after.get(serverPid)! - before.get(serverPid)!, database };
}

async function hit(base: string, items: { path: string; cookie?: string }[], count: number): Promise<number> {
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < count) {
      const item = items[next++ % items.length];
      const res = await fetch(base + item.path, { headers: item.cookie ? { cookie: item.cookie } : {} });
      bytes += (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`${item.path}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return bytes / count;
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL: a PostgreSQL server to create the profiling database on');
  const url = await createBenchDatabase(adminUrl, DATABASE);
  await applyMigrations(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const prisma = createPrismaClientOnPool(pool);
  let app: Served | undefined;
  let baseline: Served | undefined;
  try {
    await seedDemo(prisma, { today: BENCH_TODAY });
    const students = Number(args.students);
    await generateComune(pool, { ...BIG_COMUNE, students });
    process.env.BENCH_PROBE = '1';
    app = await serve('app-server.ts', url, MORNING);
    baseline = await serve('baseline-server.ts', url);
    const parents = await parentsOf(pool, SLUG, 200);
    const sessions = await openSessions(pool, parents, parents.length, MORNING);
    const byGuardian = new Map(sessions.map((s) => [s.parent.guardianId, s.cookie]));
    mkdirSync(OUT, { recursive: true });
    const requests = Number(args.requests);
    const report: string[] = [`# Profile: ${students} students, ${requests} requests per page, ${CONCURRENCY} at a time`];
    for (const page of args.pages.split(',')) {
      let items = sessions.map((s) => ({ path: `/${SLUG}/${page}`, cookie: s.cookie }));
      if (page === 'pdf') {
        const notices = await issueTopUpNotices({ pool } as BenchContext, SLUG, 100);
        items = notices.map((n) => ({ path: `/${SLUG}/pagamenti/avvisi/${n.id}/pdf`, cookie: byGuardian.get(n.guardianId)! }));
        items = items.filter((i) => i.cookie);
      }
      await hit(app.base, items, Math.min(50, requests));
      // unprofiled: statements and CPU time per request; then the same again under the profiler
      await ask(app, { probe: 'statements' });
      let bytes = 0;
      const portal = await cpuOf(pool, app.process.pid!, async () => {
        bytes = await hit(app!.base, items, requests);
      });
      const { statements } = await ask(app, { probe: 'statements' });
      const limit =
        page === 'pdf'
          ? [{ path: '/pdf' }]
          : parents.map((p) => ({ path: `/page?tenant=${p.tenantId}&badge=${p.badges[0]}&bytes=${Math.round(bytes)}` }));
      await hit(baseline.base, limit, Math.min(50, requests));
      const bare = await cpuOf(pool, baseline.process.pid!, async () => void (await hit(baseline!.base, limit, requests)));
      const perRequest = (c: { server: number; database: number }) =>
        `${(c.server / requests).toFixed(2)} + ${(c.database / requests).toFixed(2)} ms`;
      const cpu =
        `CPU per request (server + database): portal ${perRequest(portal)}, baseline ${perRequest(bare)}; ` +
        `baseline ÷ portal ${((bare.server + bare.database) / (portal.server + portal.database)).toFixed(3)}`;
      const file = path.join(OUT, `${page}.cpuprofile`);
      await ask(app, { probe: 'start-profile' });
      await hit(app.base, items, requests);
      await ask(app, { probe: 'stop-profile', file });
      report.push(
        `\n${formatSummary(`${page}: ${(statements / requests).toFixed(2)} SQL statements per request, ${Math.round(bytes / 1024)} KiB\n${cpu}`, summarizeProfile(file, INCLUSIVE))}`,
      );
      console.log(report.at(-1));
    }
    writeFileSync(path.join(OUT, 'summary.txt'), report.join('\n') + '\n');
  } finally {
    await Promise.all([app?.stop(), baseline?.stop()]);
    await prisma.$disconnect();
    await pool.end();
    if (!args.keep) await dropBenchDatabase(adminUrl, DATABASE);
  }
}

runToExit(main);
