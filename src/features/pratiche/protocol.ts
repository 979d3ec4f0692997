import type { Tx } from '../../db/client.ts';
import { protocolNumber } from '../../domain/application-windows.ts';

/**
 * The next protocol number of the Comune's `year`, inside the submitting transaction, as invoice numbers are
 * taken (src/features/billing/numbering.ts): the sequence row stays locked until the commit, so concurrent
 * submissions are numbered one after the other, and one that rolls back gives its number back — no gaps.
 */
export async function allocateProtocolNumber(tx: Tx, tenantId: string, year: number): Promise<string> {
  const [{ lastNumber }] = await tx.$queryRaw<{ lastNumber: number }[]>`
    INSERT INTO "ApplicationSequence" ("tenantId", year, "lastNumber") VALUES (${tenantId}::uuid, ${year}::int, 1)
    ON CONFLICT ("tenantId", year) DO UPDATE SET "lastNumber" = "ApplicationSequence"."lastNumber" + 1
    RETURNING "lastNumber"`;
  return protocolNumber(year, lastNumber);
}
