import type { Tx } from './client.ts';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function quoted(name: string): string {
  if (!NAME.test(name)) throw new RangeError(`Not a table or column name: ${name}`);
  return `"${name}"`;
}

/**
 * Inserts many rows in one statement: the rows travel as one JSON parameter that jsonb_to_recordset expands,
 * instead of one bind parameter per cell as with createMany, which is several times slower for the thousands
 * of rows of an import. `columns` maps each column to its SQL type; table and column names are code constants.
 */
export async function insertRows(
  tx: Tx,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const names = Object.keys(columns).map(quoted).join(', ');
  const types = Object.entries(columns)
    .map(([name, type]) => `${quoted(name)} ${type}`)
    .join(', ');
  await tx.$executeRawUnsafe(
    `INSERT INTO ${quoted(table)} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS v(${types})`,
    JSON.stringify(rows),
  );
}
