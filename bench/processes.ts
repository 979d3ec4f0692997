// The bench's child processes: the portal, the baseline and the load generator each run in their own Node
// process (tsx loader), so none of them shares an event loop or a core schedule with another.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-worker.ts';
import { oneLine } from './scenarios/context.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
/** Where the portal writes its warnings and errors (pino JSON lines). */
export const APP_LOG = path.join(scratch, 'app.log');

export interface Served {
  base: string;
  process: ChildProcess;
  /** moves the served app's clock (the portal only) */
  setClock(instant: Date): Promise<void>;
  stop(): Promise<void>;
}

/** Starts bench/<script> with the database URL and waits until it listens. */
export async function serve(
  script: 'app-server.ts' | 'baseline-server.ts',
  databaseUrl: string,
  clock?: Date,
  nodeArgs: string[] = [],
): Promise<Served> {
  const child = fork(path.join(here, script), [], {
    execArgv: ['--import', 'tsx', ...nodeArgs],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_CLOCK: clock?.toISOString() ?? '', BENCH_APP_LOG: APP_LOG },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error(`${script} exited before listening`);
    }),
  ])) as [{ listening: number }];
  return {
    base: `http://127.0.0.1:${message.listening}`,
    process: child,
    setClock: async (instant) => {
      const set = once(child, 'message');
      child.send({ clock: instant.toISOString() });
      await set;
    },
    stop: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

let runs = 0;

/** Runs one load in a separate process and returns its figures; `onProgress` hears of spec.notifyAfter. */
export async function load(spec: LoadSpec, onProgress?: () => void): Promise<LoadResult> {
  const specFile = path.join(scratch, `load-${++runs}.json`);
  const resultFile = path.join(scratch, `result-${runs}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const child = fork(path.join(here, 'load-worker.ts'), [specFile, resultFile], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', () => onProgress?.());
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`load worker exited with ${code}`);
  return JSON.parse(readFileSync(resultFile, 'utf8')) as LoadResult;
}

/** The portal's logged errors, counted by message ("TransactionWriteConflict ×325"). */
export function appErrors(): string[] {
  if (!existsSync(APP_LOG)) return [];
  const text = readFileSync(APP_LOG, 'utf8');
  const counts = new Map<string, number>();
  for (const line of text.split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
    if (entry.level < 50) continue;
    const key = oneLine(`${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([message, n]) => `${message} ×${n}`);
}

/** Runs a bench script's main and exits: 2 (with the error) when it throws, else its exitCode. */
export function runToExit(main: () => Promise<void>): void {
  main().then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
