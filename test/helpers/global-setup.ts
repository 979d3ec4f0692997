import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPrismaClientOnPool } from '../../src/db/client.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/db/embedded.ts';
import { applyMigrations } from '../../src/db/schema-engine.ts';
import { seedDemo } from '../../prisma/seed/index.ts';
import { adminQuery, dropDatabase, withDatabase } from './database.ts';
import { DEMO_TODAY } from './demo-today.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    emptyTemplate: string;
    demoTemplate: string;
    testDatabasePrefix: string;
  }
}

// Both the integration and e2e projects use this setup; they share one embedded server.
const shared = globalThis as { __embeddedPg?: Promise<RunningPostgres>; __embeddedUsers?: number };

async function adminUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  shared.__embeddedPg ??= startEmbeddedPostgres({
    dataDir: path.resolve('.data/test-postgres'),
    port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339),
  });
  shared.__embeddedUsers = (shared.__embeddedUsers ?? 0) + 1;
  return (await shared.__embeddedPg).url('postgres');
}

async function buildTemplate(admin: string, name: string, withDemo: boolean): Promise<void> {
  await dropDatabase(admin, name);
  await adminQuery(admin, `CREATE DATABASE "${name}"`);
  const url = withDatabase(admin, name);
  await applyMigrations(url);
  if (withDemo) {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const prisma = createPrismaClientOnPool(pool);
    await seedDemo(prisma, { today: DEMO_TODAY });
    await prisma.$disconnect();
    await pool.end();
  }
  // A template must have no open connections when it is copied.
  await adminQuery(admin, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const admin = await adminUrl();
  // Names carry this run's pid, so two runs on one server never drop each other's databases;
  // what a crashed run left behind (its pid gone) is cleaned up here.
  const tag = `${project.name.replace(/\W/g, '')}_${process.pid}`;
  const prefix = `ss_t_${tag}`;
  const leftovers = await adminQuery(admin, "SELECT datname FROM pg_database WHERE datname ~ '^ss_(t|tpl)_[a-z0-9]+_[0-9]+_'");
  for (const row of leftovers.rows) {
    const pid = Number(/^ss_(?:t|tpl)_[a-z0-9]+_(\d+)_/.exec(row.datname as string)?.[1]);
    if (!isAlive(pid)) await dropDatabase(admin, row.datname as string);
  }
  const emptyTemplate = `ss_tpl_${tag}_empty`;
  const demoTemplate = `ss_tpl_${tag}_demo`;
  await buildTemplate(admin, emptyTemplate, false);
  await buildTemplate(admin, demoTemplate, true);
  project.provide('adminDatabaseUrl', admin);
  project.provide('emptyTemplate', emptyTemplate);
  project.provide('demoTemplate', demoTemplate);
  project.provide('testDatabasePrefix', prefix);
  return async () => {
    const left = await adminQuery(admin, 'SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}_%`]);
    for (const row of left.rows) await dropDatabase(admin, row.datname as string);
    await dropDatabase(admin, emptyTemplate);
    await dropDatabase(admin, demoTemplate);
    if (shared.__embeddedPg && --shared.__embeddedUsers! === 0) {
      await (await shared.__embeddedPg).stop();
      shared.__embeddedPg = undefined;
    }
  };
}
