import type { AppDeps } from '../deps.ts';
import { applyReceipt } from '../pagopa/apply-receipt.ts';
import { receiptToXml } from '../pagopa/receipt-xml.ts';

type PullDeps = Pick<AppDeps, 'prisma' | 'pagopa' | 'clock' | 'logger'>;

// Receipts can reach the receipts API a while after the payment; looking back two days re-reads a few
// already applied, which applyReceipt ignores by receipt id.
const LOOKBACK_MS = 2 * 24 * 60 * 60 * 1000;

export interface PullResult {
  tenants: number;
  applied: number;
  flagged: number;
  duplicates: number;
  failedTenants: string[];
}

/** Reads recent receipts of every Comune from pagoPA's receipts API and applies them (idempotently). */
export async function pullReceipts(deps: PullDeps): Promise<PullResult> {
  const since = new Date(deps.clock.now().getTime() - LOOKBACK_MS);
  const tenants = await deps.prisma.tenant.findMany({ select: { id: true, slug: true, fiscalCode: true } });
  const result: PullResult = { tenants: tenants.length, applied: 0, flagged: 0, duplicates: 0, failedTenants: [] };
  for (const tenant of tenants) {
    try {
      for (const receipt of await deps.pagopa.fetchReceipts(tenant.fiscalCode, since)) {
        const applied = await applyReceipt(deps.prisma, tenant, receipt, { kind: 'PULL', raw: receiptToXml(receipt) });
        if (applied.outcome === 'APPLIED') result.applied++;
        else if (applied.outcome === 'FLAGGED') result.flagged++;
        else result.duplicates++;
      }
    } catch (error) {
      // One Comune's failure (pagoPA down, a bad receipt) must not stop the others; the next run retries.
      result.failedTenants.push(tenant.slug);
      deps.logger.warn({ err: error, tenant: tenant.slug }, 'receipts pull failed');
    }
  }
  return result;
}
