import type { Tx } from '../../db/client.ts';
import { nextInvoiceNumbers } from '../../domain/billing.ts';

/**
 * Takes the next `count` invoice numbers of the Comune's `year`, inside the caller's transaction: the sequence
 * row stays locked until it commits, so concurrent runs number one after the other, and a transaction that rolls
 * back gives its numbers back — no gaps, no number twice. The first use of a year starts after the highest
 * number already issued that year in the "YYYYnnnnnn" form (seeded or imported documents).
 */
export async function allocateInvoiceNumbers(tx: Tx, tenantId: string, year: number, count: number): Promise<string[]> {
  if (count === 0) return [];
  // the common case, one indexed row; only a year's first use reads the numbers already issued
  const taken = await tx.$queryRaw<{ lastNumber: number }[]>`
    UPDATE "InvoiceSequence" SET "lastNumber" = "lastNumber" + ${count}::int
    WHERE "tenantId" = ${tenantId}::uuid AND year = ${year}::int RETURNING "lastNumber"`;
  if (taken.length) return nextInvoiceNumbers(year, taken[0].lastNumber - count, count);
  const pattern = `^${year}[0-9]{6}$`;
  const [{ lastNumber }] = await tx.$queryRaw<{ lastNumber: number }[]>`
    INSERT INTO "InvoiceSequence" ("tenantId", year, "lastNumber")
    SELECT ${tenantId}::uuid, ${year}::int, COALESCE(MAX(substring(number FROM 5)::int), 0) + ${count}::int
    FROM "Invoice" WHERE "tenantId" = ${tenantId}::uuid AND number ~ ${pattern}
    ON CONFLICT ("tenantId", year) DO UPDATE SET "lastNumber" = "InvoiceSequence"."lastNumber" + ${count}::int
    RETURNING "lastNumber"`;
  return nextInvoiceNumbers(year, lastNumber - count, count);
}
