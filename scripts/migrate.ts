// Migrations without Prisma's native CLI (see src/db/schema-engine.ts).
//   tsx scripts/migrate.ts apply            apply committed migrations to DATABASE_URL
//   tsx scripts/migrate.ts new <name>       write prisma/migrations/<timestamp>_<name>/migration.sql from the
//                                           difference between the last migrated schema and schema.prisma
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyMigrations, diffSchemas, migrationsDir, schemaPath } from '../src/db/schema-engine.ts';

// The schema as of the newest migration, so a new migration is a schema-to-schema diff
// (diffing from the migrations folder needs a shadow database the WASM engine handles poorly).
const snapshotPath = path.join(migrationsDir, 'schema.snapshot.prisma');

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (command === 'apply') {
    const applied = await applyMigrations(url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database already up to date.');
  } else if (command === 'new' && name) {
    const current = await readFile(schemaPath, 'utf8');
    const previous = existsSync(snapshotPath) ? await readFile(snapshotPath, 'utf8') : null;
    const sql = await diffSchemas(url, previous, current);
    if (!sql.trim() || sql.trim() === '-- This is an empty migration.') {
      console.log('schema.prisma has not changed since the last migration.');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    await writeFile(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    await writeFile(snapshotPath, current);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  } else {
    console.error('usage: migrate.ts apply | new <name>');
    process.exitCode = 2;
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
