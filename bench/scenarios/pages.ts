// The four parent pages, each loaded by logged-in parents in rotation, each next to the baseline rendering a page
// of the size the portal's page had.
import { romeInstant } from '../../src/domain/dates.ts';
import { BENCH_TODAY } from '../clock.ts';
import { load } from '../processes.ts';
import { openSessions, type BenchParent } from '../sessions.ts';
import { measureBaseline, unexpected, type BenchContext, type ResultRow } from './context.ts';

export const PARENT_PAGES = [
  { name: 'parent home', path: 'home', minRatio: 0.25 },
  { name: 'documenti contabili', path: 'documenti', minRatio: 0.25 },
  { name: 'month calendar', path: 'refezione', minRatio: 0.15 },
  { name: 'conto virtuale', path: 'conto', minRatio: 0.25 },
] as const;

export const MAX_P95_MS = 150;
/** At least this many distinct logged-in sessions per page (where a Comune has fewer parents, they repeat). */
export const SESSIONS = 1000;

/** The morning of the bench's day, before the cutoff: what parents look at over breakfast. */
export const MORNING = romeInstant(BENCH_TODAY, '07:30');

export async function measurePages(
  ctx: BenchContext,
  tenantSlug: string,
  parents: readonly BenchParent[],
  label: string,
  pages: readonly (typeof PARENT_PAGES)[number][] = PARENT_PAGES,
): Promise<ResultRow[]> {
  await ctx.app.setClock(MORNING);
  const sessions = await openSessions(ctx.pool, parents, Math.max(SESSIONS, parents.length), MORNING);
  const rows: ResultRow[] = [];
  for (const page of pages) {
    const items = sessions.map((s) => ({ path: `/${tenantSlug}/${page.path}`, headers: { cookie: s.cookie } }));
    const { connections, seconds, warmupSeconds } = ctx.settings;
    const portal = await load({ base: ctx.app.base, connections, seconds, warmupSeconds, items });
    const baseline = await measureBaseline(ctx, parents, portal.bytesPerResponse, connections);
    const wrong = unexpected(portal, [200]);
    const distinct = new Set(sessions.map((s) => s.parent.guardianId)).size;
    const row: ResultRow = {
      scenario: `${page.name} — ${label}`,
      unit: 'req/s',
      value: portal.perSecond,
      baselineValue: baseline.perSecond,
      p50: portal.p50,
      p95: portal.p95,
      target: `≥ ${page.minRatio}, p95 < ${MAX_P95_MS} ms`,
      met: !wrong && portal.perSecond / baseline.perSecond >= page.minRatio && portal.p95 < MAX_P95_MS,
      note:
        `${sessions.length} sessions of ${distinct} parents, ${Math.round(portal.bytesPerResponse / 1024)} KiB a page; ` +
        `baseline p50/p95 ${baseline.p50}/${baseline.p95} ms` +
        (wrong ? `; unexpected: ${wrong}` : ''),
    };
    ctx.log(`${row.scenario}: ${portal.perSecond} req/s vs ${baseline.perSecond} (p95 ${portal.p95} ms)`);
    rows.push(row);
  }
  return rows;
}
