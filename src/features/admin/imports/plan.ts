import type { ZodError } from 'zod';
import type { Actor } from '../../../audit.ts';
import type { AppDeps } from '../../../deps.ts';
import type { Tx } from '../../../db/client.ts';
import type { CsvRow } from '../../../domain/csv-import.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import { localizedText } from '../../../web/forms.ts';
import { translateForJobs } from '../../../web/i18n.ts';

export const OUTCOMES = ['created', 'updated', 'unchanged', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Totals = Record<Outcome, number>;

/** What importing one row does (or would do, in the dry run), with the line number the clerk finds it at. */
export interface RowOutcome {
  line: number;
  /** the natural key of the row (a fiscal code, a reference) */
  key: string;
  outcome: Outcome;
  message: string;
}

/** The rows' outcomes and the writes that make them happen; planned the same way for the dry run and the import. */
export interface Plan<W> {
  rows: RowOutcome[];
  writes: W;
}

/** One kind of import file: its columns, how its rows are planned against the database, and how the plan is written. */
export interface Importer<W> {
  /** columns the file must have (others are ignored) */
  required: readonly string[];
  plan(tx: Tx, tenant: Tenant, rows: readonly CsvRow[]): Promise<Plan<W>>;
  /** Writes the plan in the caller's transaction, in chunks; `progress` is told how many of how many writes are done. */
  apply(tx: Tx, tenant: Tenant, actor: Actor, plan: Plan<W>, progress: (done: number, of: number) => Promise<void>): Promise<void>;
  /** What follows a committed import outside the database (e.g. pagoPA notices); safe to repeat. */
  afterCommit?(deps: Pick<AppDeps, 'prisma' | 'pagopa' | 'logger'>, tenant: Tenant, actor: Actor, plan: Plan<W>): Promise<void>;
}

export function totalsOf(rows: readonly RowOutcome[]): Totals {
  const totals: Totals = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  for (const row of rows) totals[row.outcome]++;
  return totals;
}

/** Set-based writes go in chunks of this many rows: one statement per chunk, never one per row. */
export const CHUNK = 1000;

export function chunksOf<T>(items: readonly T[], size = CHUNK): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** A zod refusal as one line, each message prefixed by the file's column it is about. */
export function refusalOf(error: ZodError, columnOf: Record<string, string>): string {
  // the import's results are the office's, in Italian
  const italian = translateForJobs();
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    parts.push(`${columnOf[field] ?? field}: ${localizedText(issue.message, italian)}`);
  }
  return parts.join(' ');
}
