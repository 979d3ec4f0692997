// Copies of rarely changed rows, kept by each app process and dropped when any process (any replica) writes
// the tables they came from. The database says so itself: triggers on those tables NOTIFY "table_changed" with
// the table's name at commit (migration 20261205011500_change_notifications), and one connection per process
// LISTENs. Nothing is kept while that connection is down, and every copy is dropped when it comes back, since
// notices sent meanwhile are lost. What stays possible is what any read allows: a page rendered in the
// milliseconds between another replica's commit and the notice's arrival shows the rows as they were just before.
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from './client.ts';

const CHANNEL = 'table_changed';
const RETRY_MS = 2_000;
const MAX_ENTRIES = 20_000;

/** The tables with the trigger: only copies of these may be kept. */
export type WatchedTable = 'Student' | 'School' | 'SchoolClass' | 'ServiceCalendar' | 'ClosureDay' | 'MenuDay' | 'MenuDish';

export interface ChangeFeed {
  /** Changes whenever one of the tables is written; null while not listening (then nothing may be kept). */
  versionOf(tables: readonly WatchedTable[]): string | null;
  stop(): Promise<void>;
}

export async function startChangeFeed(pool: pg.Pool, logger: Logger): Promise<ChangeFeed> {
  const writes = new Map<string, number>();
  let epoch = 0;
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const lost = (error?: Error) => {
    if (stopped || !client) return;
    if (error) logger.warn({ err: error }, 'change feed: connection lost, nothing is cached until it is back');
    client.removeAllListeners();
    client.on('error', () => {});
    void client.end().catch(() => undefined);
    client = null;
    retry = setTimeout(() => void listen(), RETRY_MS);
    retry.unref();
  };
  const listen = async () => {
    const next = new pg.Client(pool.options);
    next.on('error', (error) => lost(error));
    next.on('end', () => lost());
    next.on('notification', ({ payload }) => {
      if (payload) writes.set(payload, (writes.get(payload) ?? 0) + 1);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      next.removeAllListeners();
      void next.end().catch(() => undefined);
      if (stopped) return;
      logger.warn({ err: error }, 'change feed: cannot listen, nothing is cached until it can');
      retry = setTimeout(() => void listen(), RETRY_MS);
      retry.unref();
      return;
    }
    if (stopped) return void next.end();
    epoch++;
    client = next;
  };
  await listen();
  return {
    versionOf: (tables) => (client ? `${epoch}|${tables.map((t) => writes.get(t) ?? 0).join('|')}` : null),
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      const last = client;
      client = null;
      last?.removeAllListeners();
      last?.on('error', () => {});
      await last?.end().catch(() => undefined);
    },
  };
}

interface Entry {
  version: string;
  value: Promise<unknown>;
}

const caches = new WeakMap<Db, { feed: ChangeFeed; entries: Map<string, Entry> }>();

/** Lets reads through this client be kept (the app's client; never a transaction's, which is not registered). */
export function keepReadsOf(db: Db, feed: ChangeFeed): void {
  caches.set(db, { feed, entries: new Map() });
}

/**
 * `load()`'s result, kept under `key` until one of `tables` is written; null when reads through `db` are not
 * kept (a transaction, no feed, the feed down): the caller reads the way it would without a cache.
 */
export function keptRead<T>(db: unknown, key: string, tables: readonly WatchedTable[], load: () => Promise<T>): Promise<T> | null {
  const cache = caches.get(db as Db);
  const version = cache?.feed.versionOf(tables);
  if (!cache || !version) return null;
  const kept = cache.entries.get(key);
  if (kept?.version === version) return kept.value as Promise<T>;
  // the version is taken before the read: a write noticed while it runs makes the copy stale at once
  const value = load();
  const entry = { version, value };
  cache.entries.delete(key);
  cache.entries.set(key, entry);
  if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  value.catch(() => {
    if (cache.entries.get(key) === entry) cache.entries.delete(key);
  });
  return value;
}
