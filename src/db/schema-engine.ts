import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import type * as WasmBindings from '@prisma/schema-engine-wasm/schema_engine_bg';

// Prisma's native schema engine cannot be downloaded on our machines, so migrations run on its
// WebAssembly build (same engine, same SQL, same _prisma_migrations table). See STACK-NOTES.md.

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');

type Bindings = typeof WasmBindings;

async function loadBindings(): Promise<Bindings> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bindings = (await import(path.join(dir, 'schema_engine_bg.js'))) as Bindings;
  const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

// The wasm-bindgen glue module is cached once per process by Node, while a test runner may evaluate this
// file more than once: so the one WebAssembly instance, and the queue that keeps two engines from driving
// it at the same time (concurrent use corrupts its memory), live on globalThis.
const shared = globalThis as { __schemaEngineBindings?: Promise<Bindings>; __schemaEngineQueue?: Promise<unknown> };

async function withEngine<T>(connectionString: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const run = (shared.__schemaEngineQueue ?? Promise.resolve()).then(async () => {
    const handle = await openSchemaEngine(connectionString);
    try {
      return await work(handle.engine);
    } finally {
      await handle.close();
    }
  });
  shared.__schemaEngineQueue = run.catch(() => undefined);
  return run;
}

export interface EngineHandle {
  engine: SchemaEngine;
  close(): Promise<void>;
}

async function openSchemaEngine(connectionString: string): Promise<EngineHandle> {
  shared.__schemaEngineBindings ??= loadBindings();
  const { SchemaEngine: Engine } = await shared.__schemaEngineBindings;
  // Our own pool, so that closing the engine closes its connections too (engine.free() leaves them open,
  // and one left open would crash the app when PostgreSQL later closes it).
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const datamodel = await readFile(schemaPath, 'utf8');
  const engine = await Engine.new({ datamodels: [[schemaPath, datamodel]] }, () => {}, factory);
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}

export const noFilters = { externalTables: [], externalEnums: [] };

export async function readMigrationList(): Promise<MigrationList> {
  const entries = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8') },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      entries.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}

/** Applies the committed migrations that the database has not seen yet; returns their names. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const migrationsList = await readMigrationList();
  return withEngine(connectionString, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/** The SQL that turns the database described by `fromSchema` (or nothing) into the one of `toSchema`. */
export async function diffSchemas(connectionString: string, fromSchema: string | null, toSchema: string): Promise<string> {
  return withEngine(connectionString, async (engine) => {
    const result = await engine.diff({
      from: fromSchema === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'from.prisma', content: fromSchema }] },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: toSchema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? '';
  });
}
