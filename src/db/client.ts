import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma/client.ts';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

/** Prisma over a pg pool we own, so the session store can share the same connections. */
export function createPrismaClientOnPool(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/**
 * A write that lost a serialization conflict or a deadlock on every attempt. Nothing was saved: the user (or
 * pagoPA) may simply try again. The error handler shows it as a clear "not saved, try again" message.
 */
export class WriteConflictError extends Error {
  override name = 'WriteConflictError';
  constructor(options: { cause: unknown }) {
    super('The transaction kept conflicting with concurrent ones and was not saved', options);
  }
}

const ATTEMPTS = 10;

/**
 * Runs `work` in one transaction. Serializable by default, retried on a serialization conflict or deadlock
 * (with a growing, jittered pause), so concurrent writers never half-apply money or meal changes; when every
 * attempt conflicts it throws WriteConflictError, and nothing was saved.
 */
export async function inTransaction<T>(
  prisma: PrismaClient,
  work: (tx: Tx) => Promise<T>,
  options: { isolationLevel?: Prisma.TransactionIsolationLevel; attempts?: number; timeoutMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(work, {
        isolationLevel: options.isolationLevel ?? Prisma.TransactionIsolationLevel.Serializable,
        timeout: options.timeoutMs ?? 15_000,
        maxWait: 10_000,
      });
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      if (attempt >= attempts) throw new WriteConflictError({ cause: error });
      const ceiling = Math.min(400, 10 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * ceiling));
    }
  }
}

const CONFLICT_SQLSTATES = new Set(['40001', '40P01']);

/**
 * A serialization failure (40001) or deadlock (40P01), in any of the shapes they reach us: Prisma's P2034;
 * the pg adapter's DriverAdapterError (cause.kind TransactionWriteConflict, cause.originalCode), thrown bare
 * at COMMIT or inside a P2010's meta.driverAdapterError; or pg's own DatabaseError with its SQLSTATE code.
 */
export function isWriteConflict(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034') return true;
  const { kind, originalCode, code, cause, meta } = error as {
    kind?: unknown;
    originalCode?: unknown;
    code?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  if (kind === 'TransactionWriteConflict') return true;
  if (typeof originalCode === 'string' && CONFLICT_SQLSTATES.has(originalCode)) return true;
  if (typeof code === 'string' && CONFLICT_SQLSTATES.has(code)) return true;
  return isWriteConflict(cause, depth + 1) || isWriteConflict(meta?.driverAdapterError, depth + 1);
}

/** A unique index refused the row: P2002 from a model query, or a raw query's (P2010) driver error. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === 'P2002') return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: unknown } } | undefined)?.cause;
  return error.code === 'P2010' && cause?.kind === 'UniqueConstraintViolation';
}
