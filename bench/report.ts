// The one table the bench prints, and the results file bench/results/<date>.md with the machine it ran on.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { ratioOf, type ResultRow } from './scenarios/context.ts';

export interface RunFacts {
  started: Date;
  mode: string;
  database: string;
  settings: string;
  /** e.g. "citta-grande: 20,000 students … in 212.4 s" */
  datasets: string[];
  loadBefore: number[];
  loadAfter: number[];
  /** what the portal logged at level error, by message */
  appErrors: string[];
}

const fmt = (n: number | null, digits = 1) => (n === null ? '—' : n.toFixed(digits));
const met = (m: boolean | null) => (m === null ? '—' : m ? 'yes' : 'NO');

function cells(row: ResultRow): string[] {
  const ratio = ratioOf(row);
  return [
    row.scenario,
    row.value === null ? '—' : `${fmt(row.value, row.unit === 's' ? 2 : 1)}${row.unit === 's' ? ' s' : ''}`,
    row.baselineValue === null ? '—' : `${fmt(row.baselineValue, row.unit === 's' ? 2 : 1)}${row.unit === 's' ? ' s' : ''}`,
    fmt(ratio, 3),
    row.p50 === null ? '—' : `${fmt(row.p50)} ms`,
    row.p95 === null ? '—' : `${fmt(row.p95)} ms`,
    row.target,
    met(row.met),
  ];
}

const HEADER = ['scenario', 'req/s (or s)', 'baseline', 'ratio', 'p50', 'p95', 'target', 'met?'];

export function printTable(rows: readonly ResultRow[]): void {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(HEADER)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of table.slice(1)) console.log(line(r));
  console.log('');
}

export function machine(): string[] {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()}`,
    `- Node: ${process.version}`,
  ];
}

export async function writeResults(rows: readonly ResultRow[], facts: RunFacts): Promise<string> {
  const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(' / ');
  const md = [
    `# Bench results, ${facts.started.toISOString().slice(0, 16).replace('T', ' ')} UTC (${facts.mode})`,
    '',
    '## Machine',
    ...machine(),
    `- PostgreSQL: ${facts.database}`,
    `- Load average (1/5/15 min) at start: ${load(facts.loadBefore)}, at the end: ${load(facts.loadAfter)}`,
    '',
    '## Settings',
    facts.settings,
    '',
    '## Data',
    ...facts.datasets.map((d) => `- ${d}`),
    '',
    '## Results',
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).join(' | ')} |`),
    '',
    '## What each row checked',
    ...rows.map((r) => `- **${r.scenario}**: ${r.note ?? ''}`),
    '',
    '## Errors the portal logged',
    ...(facts.appErrors.length ? facts.appErrors.map((e) => `- ${e}`) : ['- none']),
    '',
  ].join('\n');
  await mkdir('bench/results', { recursive: true });
  const file = `bench/results/${facts.started.toISOString().slice(0, 10)}${facts.mode === 'full' ? '' : `-${facts.mode}`}.md`;
  await writeFile(file, md);
  return file;
}
