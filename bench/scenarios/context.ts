// What every scenario shares: the database, the two servers, the load settings, and the rows of the final table.
import type pg from 'pg';
import type { Db } from '../../src/db/client.ts';
import { BENCH_TODAY } from '../clock.ts';
import type { DatasetOptions } from '../dataset/index.ts';
import type { LoadItem, LoadResult } from '../load-worker.ts';
import { load, type Served } from '../processes.ts';
import type { BenchParent } from '../sessions.ts';

export interface BenchSettings {
  quick: boolean;
  /** seconds of measured load per page, after `warmupSeconds` */
  seconds: number;
  warmupSeconds: number;
  connections: number;
  rushConnections: number;
}

export interface BenchContext {
  pool: pg.Pool;
  prisma: Db;
  app: Served;
  baseline: Served;
  settings: BenchSettings;
  rows: ResultRow[];
  log: (line: string) => void;
}

export interface ResultRow {
  scenario: string;
  /** requests (or PDFs) per second, or seconds for a one-off job */
  unit: 'req/s' | 's';
  value: number | null;
  baselineValue: number | null;
  p50: number | null;
  p95: number | null;
  target: string;
  met: boolean | null;
  /** what else the scenario checked or why it missed */
  note?: string;
}

/** portal ÷ baseline: higher is better for throughput, lower for a job's seconds */
export function ratioOf(row: Pick<ResultRow, 'value' | 'baselineValue'>): number | null {
  return row.value !== null && row.baselineValue ? row.value / row.baselineValue : null;
}

/** Statuses other than the expected ones, as "302×12, 500×3", or '' when there are none. */
export function unexpected(result: LoadResult, expected: readonly number[]): string {
  return Object.entries(result.statuses)
    .filter(([status]) => !expected.includes(Number(status)))
    .map(([status, n]) => `${status}×${n}`)
    .concat(result.errors ? [`connection errors×${result.errors}`] : [])
    .join(', ');
}

/** The baseline at the same connections and duration, rendering pages of `bytes` after one indexed query per request. */
export function measureBaseline(
  ctx: BenchContext,
  parents: readonly BenchParent[],
  bytes: number,
  connections: number,
): Promise<LoadResult> {
  const items: LoadItem[] = parents.map((p) => ({ path: `/page?tenant=${p.tenantId}&badge=${p.badges[0]}&bytes=${bytes}` }));
  return load({ base: ctx.baseline.base, connections, seconds: ctx.settings.seconds, warmupSeconds: ctx.settings.warmupSeconds, items });
}

/** A (Prisma) error message on one line: its first line and its last, which says why. */
export function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.length > 1 ? `${lines[0]} … ${lines[lines.length - 1]}` : (lines[0] ?? '')).slice(0, 300);
}

/** The large Comune of the bench (and of bench/profile.ts), less its size: a prepaid one with a school year of history. */
export const BIG_COMUNE = {
  slug: 'citta-grande',
  seed: 'bench',
  today: BENCH_TODAY,
  billingMode: 'PREPAID',
  segregationCode: '05',
  history: true,
} as const satisfies Omit<DatasetOptions, 'students'>;
