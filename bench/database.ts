// The bench's own database. It is created here, marked with a comment saying so, and only a database carrying
// that mark is ever dropped: the bench never touches a database it did not make, whatever server it is given.
import pg from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '../src/db/embedded.ts';

export const BENCH_DATABASE = 'ss_bench_owned';
const MARK = 'servizi-scolastici bench: created by npm run bench, dropped by it';
/** Not npm start's embedded server (port 54329, .data/postgres): the bench runs beside a running portal. */
const EMBEDDED = { dataDir: '.data/bench-postgres', port: 54349 };

export interface BenchServer {
  adminUrl: string;
  /** "embedded PostgreSQL 17.x" or the server named by DATABASE_URL */
  description: string;
  stop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** DATABASE_URL's server when set (only its maintenance connection is used), else an embedded one of our own. */
export async function startBenchServer(databaseUrl: string | undefined): Promise<BenchServer> {
  let embedded: RunningPostgres | undefined;
  const adminUrl = databaseUrl ?? (embedded = await startEmbeddedPostgres(EMBEDDED)).url('postgres');
  const version = await withClient(
    adminUrl,
    async (c) => (await c.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version,
  );
  return {
    adminUrl,
    description: `PostgreSQL ${version} (${embedded ? `embedded, ${EMBEDDED.dataDir}, port ${EMBEDDED.port}` : 'DATABASE_URL'})`,
    stop: async () => {
      await embedded?.stop();
    },
  };
}

export function databaseUrlOf(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function markOf(client: pg.Client, database: string): Promise<string | null | undefined> {
  const found = await client.query<{ mark: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`,
    [database],
  );
  return found.rowCount === 0 ? undefined : found.rows[0].mark;
}

/** Drops the bench database (or `name`, the profiler's) if (and only if) it carries the bench's mark. */
export async function dropBenchDatabase(adminUrl: string, name = BENCH_DATABASE): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const mark = await markOf(client, name);
    if (mark === undefined) return;
    if (mark !== MARK) throw new Error(`Database ${name} exists and was not made by the bench: not touching it`);
    await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
  });
}

/** A fresh, empty bench database (a previous run's is dropped first); returns its URL. */
export async function createBenchDatabase(adminUrl: string, name = BENCH_DATABASE): Promise<string> {
  await dropBenchDatabase(adminUrl, name);
  await withClient(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
    await client.query(`COMMENT ON DATABASE "${name}" IS '${MARK}'`);
  });
  return databaseUrlOf(adminUrl, name);
}
