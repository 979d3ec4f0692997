// `npm start` as a person runs it: the real entry point in a child process, with its embedded PostgreSQL in a
// temporary data folder and free ports. Stopping it, in any order, is clean; after a kill -9 it starts again.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
// A folder anyone may enter (the private-folder case is test/integration/operations/embedded-postgres.test.ts).
const folder = mkdtempSync(path.join(tmpdir(), 'ss-server-'));
chmodSync(folder, 0o755);
const DATA_DIR = path.join(folder, 'data');
const dataDir = path.join(DATA_DIR, 'postgres'); // where src/config.ts puts the embedded PostgreSQL
const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  const leftover = postmasterPid();
  if (leftover) process.kill(leftover, 'SIGQUIT');
  rmSync(folder, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function postmasterPid(): number | null {
  const file = path.join(dataDir, 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** src/server.ts in its own process group (so the group can be signalled as a terminal or systemd would). */
async function startServer(): Promise<Started> {
  // Only what a shell would give (vitest's own process.env carries BASE_URL=/ and more).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG,
    NODE_ENV: 'development',
    PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    DATA_DIR,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, detached: true });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('is running at')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`the server exited before it was ready:\n${output}`));
    });
  });
  await ready;
  return { child, output: () => output, exited };
}

async function stoppedCleanly(server: Started, options: { databaseWentFirst?: boolean } = {}) {
  const { code, signal } = await server.exited;
  running.delete(server.child);
  const output = server.output();
  expect(output).toContain('stopping');
  // no crash: nothing unhandled, no stack trace printed (stacks inside JSON log lines are not at a line start)
  expect(output).not.toMatch(/Unhandled|uncaught|^node:|^\s+at \S/im);
  // pino level 50 = error; a database that went first only leaves warnings about closed connections
  if (!options.databaseWentFirst) expect(output).not.toMatch(/"level":50|terminating connection/);
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  // the embedded PostgreSQL stopped with it
  expect(postmasterPid()).toBeNull();
}

describe('the server process', () => {
  it('SIGTERM to the node process alone stops it cleanly, with its embedded PostgreSQL', async () => {
    const server = await startServer();
    process.kill(server.child.pid!, 'SIGTERM');
    await stoppedCleanly(server);
  }, 180_000);

  it('SIGTERM to the whole process group stops it cleanly too', async () => {
    const server = await startServer();
    process.kill(-server.child.pid!, 'SIGTERM');
    await stoppedCleanly(server);
  }, 120_000);

  it('PostgreSQL stopping first (a signal to every process, as systemd sends it), then the app: still a clean stop', async () => {
    const server = await startServer();
    process.kill(postmasterPid()!, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(server.child.exitCode, server.output()).toBeNull(); // the app outlived its database
    process.kill(server.child.pid!, 'SIGTERM');
    await stoppedCleanly(server, { databaseWentFirst: true });
  }, 120_000);

  it('after a kill -9 the next start stops the PostgreSQL left running on the same data folder and serves again', async () => {
    const killed = await startServer();
    const leftover = postmasterPid();
    expect(leftover).not.toBeNull();
    process.kill(killed.child.pid!, 'SIGKILL');
    await killed.exited;
    running.delete(killed.child);
    expect(isAlive(leftover!)).toBe(true);

    const again = await startServer();
    expect(isAlive(leftover!)).toBe(false);
    expect(again.output()).toContain('stopped the embedded PostgreSQL left running');
    process.kill(again.child.pid!, 'SIGTERM');
    await stoppedCleanly(again);
  }, 180_000);
});
