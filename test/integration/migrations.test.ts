import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { diffSchemas, schemaPath } from '../../src/db/schema-engine.ts';
import { adminQuery, cloneDatabase, dropDatabase, withDatabase } from '../helpers/database.ts';

// Prisma's own "migrate diff --from-migrations" needs introspection the WASM engine cannot do on
// PostgreSQL here, so we compare catalogs: the database the committed migrations build must be the
// database schema.prisma describes, built from scratch.

const CATALOG_QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
            ORDER BY table_name, column_name`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
  constraints: `SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '_prisma_migrations'
                ORDER BY table_name, c.conname`,
  enums: `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
};

async function catalog(url: string) {
  const result: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(CATALOG_QUERIES)) result[name] = (await adminQuery(url, sql)).rows;
  return result;
}

describe('committed migrations', () => {
  const admin = inject('adminDatabaseUrl');
  const created: string[] = [];
  afterAll(async () => {
    for (const name of created) await dropDatabase(admin, name);
  });

  it('build exactly the database schema.prisma describes', async () => {
    const migrated = await cloneDatabase(admin, inject('emptyTemplate'), inject('testDatabasePrefix'));
    created.push(migrated);
    const fromSchema = `${inject('testDatabasePrefix')}_fromschema`;
    await dropDatabase(admin, fromSchema);
    await adminQuery(admin, `CREATE DATABASE "${fromSchema}"`);
    created.push(fromSchema);
    const sql = await diffSchemas(withDatabase(admin, fromSchema), null, await readFile(schemaPath, 'utf8'));
    await adminQuery(withDatabase(admin, fromSchema), sql);

    const expected = await catalog(withDatabase(admin, fromSchema));
    const actual = await catalog(withDatabase(admin, migrated));
    expect(expected.columns.length).toBeGreaterThan(200);
    expect(actual).toEqual(expected);
  });

  it('record every migration as applied', async () => {
    const migrated = await cloneDatabase(admin, inject('emptyTemplate'), inject('testDatabasePrefix'));
    created.push(migrated);
    const rows = (await adminQuery(withDatabase(admin, migrated), 'SELECT migration_name, finished_at FROM _prisma_migrations')).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });
});
