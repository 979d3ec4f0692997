// COPY … FROM STDIN in PostgreSQL's text format, with backpressure, and the drop-then-rebuild of a big table's
// indexes and constraints around a bulk load (one index build is much cheaper than millions of inserts into it).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | readonly number[] | Date;

function encode(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.join(',')}}`;
  return (value as string).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

const CHUNK = 256 * 1024;

/** One running COPY into one table; `add` buffers a row, `end` flushes and waits for the server to confirm. */
export class CopyWriter {
  private buffer = '';
  private rowCount = 0;
  private constructor(
    private readonly stream: Writable,
    private readonly done: Promise<void>,
  ) {}

  static start(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[]): CopyWriter {
    const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    done.catch(() => {}); // observed by end(); an early failure must not be an unhandled rejection meanwhile
    return new CopyWriter(stream, done);
  }

  get rows(): number {
    return this.rowCount;
  }

  async add(values: readonly CopyValue[]): Promise<void> {
    this.buffer += values.map(encode).join('\t') + '\n';
    this.rowCount++;
    if (this.buffer.length >= CHUNK) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.done]);
  }

  async end(): Promise<number> {
    if (this.buffer) await this.flush();
    this.stream.end();
    await this.done;
    return this.rowCount;
  }
}

/** Copies a whole array of rows in one COPY. */
export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>) {
  const writer = CopyWriter.start(client, table, columns);
  for (const row of rows) await writer.add(row);
  return writer.end();
}

interface Definition {
  table: string;
  name: string;
  sql: string;
  kind: 'primary' | 'unique' | 'foreign' | 'index';
}

/**
 * Drops the indexes and constraints of `tables` (and the foreign keys pointing at them) and returns what
 * `rebuild` needs to create them again exactly as the migrations made them.
 */
export async function dropIndexesOf(client: pg.PoolClient, tables: readonly string[]): Promise<Definition[]> {
  const constraints = await client.query<{ table: string; name: string; def: string; type: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def, c.contype AS type
       FROM pg_constraint c
      WHERE c.contype IN ('p', 'u', 'f')
        AND (c.conrelid::regclass::text = ANY($1) OR c.confrelid::regclass::text = ANY($1))`,
    [tables.map((t) => `"${t}"`)],
  );
  const indexes = await client.query<{ table: string; name: string; def: string }>(
    `SELECT format('%I', tablename) AS table, indexname AS name, indexdef AS def
       FROM pg_indexes i
      WHERE schemaname = current_schema() AND tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  const kinds = { p: 'primary', u: 'unique', f: 'foreign' } as const;
  const definitions: Definition[] = [
    ...constraints.rows.map((c) => ({
      table: c.table,
      name: c.name,
      sql: `ALTER TABLE ${c.table} ADD CONSTRAINT "${c.name}" ${c.def}`,
      kind: kinds[c.type as keyof typeof kinds],
    })),
    ...indexes.rows.map((i) => ({ table: i.table, name: i.name, sql: i.def, kind: 'index' as const })),
  ];
  for (const d of definitions.filter((d) => d.kind === 'foreign')) await client.query(`ALTER TABLE ${d.table} DROP CONSTRAINT "${d.name}"`);
  for (const d of definitions.filter((d) => d.kind === 'primary' || d.kind === 'unique'))
    await client.query(`ALTER TABLE ${d.table} DROP CONSTRAINT "${d.name}"`);
  for (const d of definitions.filter((d) => d.kind === 'index')) await client.query(`DROP INDEX "${d.name}"`);
  return definitions;
}

/** Creates again what dropIndexesOf dropped, on up to `parallel` connections; foreign keys last (they need the keys). */
export async function rebuild(pool: pg.Pool, definitions: readonly Definition[], parallel = 2): Promise<void> {
  const run = async (items: readonly Definition[]) => {
    const queue = [...items];
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        const client = await pool.connect();
        try {
          await client.query(`SET maintenance_work_mem = '256MB'`);
          for (let d = queue.shift(); d; d = queue.shift()) await client.query(d.sql);
        } finally {
          client.release();
        }
      }),
    );
  };
  await run(definitions.filter((d) => d.kind !== 'foreign'));
  await run(definitions.filter((d) => d.kind === 'foreign'));
}
