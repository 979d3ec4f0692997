import { describe, expect, it } from 'vitest';
import { isWriteConflict } from '../../src/db/client.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';

// The shapes a serialization failure or deadlock takes through Prisma 7 and @prisma/adapter-pg, as observed
// on PostgreSQL 17 (see test/integration/pagopa/receipts-push.test.ts for the real ones under load).
const adapterCause = (originalCode: string) => ({
  kind: 'TransactionWriteConflict',
  originalCode,
  originalMessage: 'could not serialize access',
});

class DriverAdapterError extends Error {
  override name = 'DriverAdapterError';
}

describe('isWriteConflict', () => {
  it('knows Prisma P2034', () => {
    expect(isWriteConflict(new Prisma.PrismaClientKnownRequestError('conflict', { code: 'P2034', clientVersion: '7' }))).toBe(true);
  });

  it('knows a raw query failure (P2010) carrying the adapter error in meta, for 40001 and 40P01', () => {
    for (const code of ['40001', '40P01']) {
      const error = new Prisma.PrismaClientKnownRequestError('Raw query failed', {
        code: 'P2010',
        clientVersion: '7',
        meta: { driverAdapterError: { name: 'DriverAdapterError', cause: adapterCause(code) } },
      });
      expect(isWriteConflict(error)).toBe(true);
    }
  });

  it('knows the bare DriverAdapterError thrown at COMMIT, and pg’s own DatabaseError', () => {
    expect(isWriteConflict(new DriverAdapterError('TransactionWriteConflict', { cause: adapterCause('40001') }))).toBe(true);
    expect(isWriteConflict(Object.assign(new Error('deadlock detected'), { code: '40P01', severity: 'ERROR' }))).toBe(true);
  });

  it('does not retry other failures', () => {
    expect(isWriteConflict(new Prisma.PrismaClientKnownRequestError('unique', { code: 'P2002', clientVersion: '7' }))).toBe(false);
    expect(isWriteConflict(new DriverAdapterError('x', { cause: { kind: 'UniqueConstraintViolation', originalCode: '23505' } }))).toBe(
      false,
    );
    expect(isWriteConflict(new Error('could not serialize'))).toBe(false);
    expect(isWriteConflict(undefined)).toBe(false);
  });
});
