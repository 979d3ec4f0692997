import { afterAll, describe, expect, inject, it } from 'vitest';
import { adminQuery, cloneDatabase, dropDatabase, withDatabase } from '../helpers/database.ts';

// Deleting a row (or changing its key) makes PostgreSQL look up the rows that reference it by the foreign key's
// columns alone: without an index that starts with exactly those columns, that is a sequential scan of the
// referencing table — a parent's "annulla richiesta" scanning every wallet movement of every Comune.
// A tenantId-first composite index does not serve a foreign key on (bookingId).
const FOREIGN_KEYS_WITHOUT_INDEX = `
  SELECT c.conrelid::regclass::text AS "table", c.conname AS "constraint",
         (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
            FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns
  FROM pg_constraint c
  WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
    AND NOT EXISTS (
      SELECT 1 FROM pg_index i
      WHERE i.indrelid = c.conrelid AND i.indisvalid AND i.indpred IS NULL
        AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] = c.conkey)
  ORDER BY 1, 2`;

describe('the migrated database', () => {
  const admin = inject('adminDatabaseUrl');
  let database: string | undefined;
  afterAll(async () => {
    if (database) await dropDatabase(admin, database);
  });

  it('has for every foreign key an index whose leading columns are the key’s columns, in order', async () => {
    database = await cloneDatabase(admin, inject('emptyTemplate'), inject('testDatabasePrefix'));
    const url = withDatabase(admin, database);
    const foreignKeys = await adminQuery(
      url,
      `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
    );
    expect(foreignKeys.rows[0].n).toBeGreaterThan(40);
    expect((await adminQuery(url, FOREIGN_KEYS_WITHOUT_INDEX)).rows).toEqual([]);
  });

  it('is checked by a query that does find a foreign key without such an index', async () => {
    const url = withDatabase(admin, database!);
    await adminQuery(url, 'CREATE TABLE "FkProbe" (id int PRIMARY KEY, "tenantId" uuid, "bookingId" uuid REFERENCES "Booking"(id))');
    await adminQuery(url, 'CREATE INDEX ON "FkProbe" ("tenantId", "bookingId")');
    expect((await adminQuery(url, FOREIGN_KEYS_WITHOUT_INDEX)).rows).toEqual([
      { table: '"FkProbe"', constraint: 'FkProbe_bookingId_fkey', columns: 'bookingId' },
    ]);
    await adminQuery(url, 'CREATE INDEX ON "FkProbe" ("bookingId", "tenantId")');
    expect((await adminQuery(url, FOREIGN_KEYS_WITHOUT_INDEX)).rows).toEqual([]);
  });
});
