import { randomBytes } from 'node:crypto';
import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Federation } from './identity-providers.ts';
import type { SpidLevel } from './levels.ts';

/** What we remember about a request we sent, to judge the answer. */
export interface PendingRequestDetails {
  kind: 'AUTHN' | 'LOGOUT';
  federation: Federation;
  idpEntityId: string;
  level: SpidLevel;
  relayState: string;
  returnTo: string | null;
}

export interface PendingRequest extends PendingRequestDetails {
  requestId: string;
  /** Our request's IssueInstant (the app's clock). */
  issuedAt: Date;
  /** The instant passport-saml gave the cache, returned to it unchanged. */
  instant: string;
}

export const REQUEST_LIFETIME_MS = 15 * 60_000;

interface StoredValue extends PendingRequestDetails {
  instant: string;
  issuedAt: string;
}

/**
 * passport-saml's cache provider on the SamlRequest table, so request ids survive restarts and are shared
 * by every instance. One cache is made per outgoing request and stores, with the id, what the answer will
 * be judged against (identity provider, level, opaque relay state and where to return).
 */
/**
 * A fresh RelayState, opaque (what it stands for stays on our side), and the cache that records the
 * request we are about to send under it, for the AuthnRequest and our LogoutRequest alike.
 */
export function newPendingRequest(
  prisma: Db,
  tenantId: string,
  clock: Clock,
  details: Omit<PendingRequestDetails, 'relayState'>,
): { relayState: string; cacheProvider: PostgresRequestCache } {
  const relayState = randomBytes(18).toString('base64url');
  return { relayState, cacheProvider: new PostgresRequestCache(prisma, tenantId, clock, { ...details, relayState }) };
}

export class PostgresRequestCache implements CacheProvider {
  constructor(
    private readonly prisma: Db,
    private readonly tenantId: string,
    private readonly clock: Clock,
    private readonly details: PendingRequestDetails | null,
  ) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const now = this.clock.now();
    const stored: StoredValue | { instant: string; issuedAt: string } = {
      ...(this.details ?? {}),
      instant: value,
      issuedAt: now.toISOString(),
    };
    await this.prisma.samlRequest.create({
      data: {
        tenantId: this.tenantId,
        requestId: key,
        value: JSON.stringify(stored),
        createdAt: now,
        expiresAt: new Date(now.getTime() + REQUEST_LIFETIME_MS),
      },
    });
    return { value, createdAt: now.getTime() };
  }

  async getAsync(key: string): Promise<string | null> {
    const row = await this.prisma.samlRequest.findUnique({ where: { tenantId_requestId: { tenantId: this.tenantId, requestId: key } } });
    if (!row || row.expiresAt <= this.clock.now()) return null;
    return (JSON.parse(row.value) as StoredValue).instant;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (!key) return null;
    const { count } = await this.prisma.samlRequest.deleteMany({ where: { tenantId: this.tenantId, requestId: key } });
    return count ? key : null;
  }
}

/**
 * Takes a pending request out of the table in one DELETE … RETURNING: of two responses racing for the same
 * request, exactly one gets it. Expired or unknown ids give null.
 */
export async function claimPendingRequest(prisma: Db, tenantId: string, requestId: string, now: Date): Promise<PendingRequest | null> {
  const rows = await prisma.$queryRaw<{ value: string; expiresAt: Date }[]>`
    DELETE FROM "SamlRequest" WHERE "tenantId" = ${tenantId}::uuid AND "requestId" = ${requestId}
    RETURNING "value", "expiresAt"`;
  const row = rows[0];
  if (!row || row.expiresAt <= now) return null;
  const stored = JSON.parse(row.value) as StoredValue;
  if (!stored.kind) return null;
  return { ...stored, requestId, issuedAt: new Date(stored.issuedAt) };
}

/** passport-saml's view of one request already claimed from PostgreSQL: it answers for that id only. */
export function claimedRequestCache(request: PendingRequest): CacheProvider {
  return {
    saveAsync: async () => null,
    getAsync: async (key) => (key === request.requestId ? request.instant : null),
    removeAsync: async (key) => key,
  };
}

/** Expired rows go (a cheap delete run now and then, per Comune so the (tenantId, expiresAt) indexes serve it). */
export async function pruneExpiredSamlRows(prisma: Db, now: Date): Promise<void> {
  const tenants = await prisma.tenant.findMany({ select: { id: true } });
  const expired = { tenantId: { in: tenants.map((t) => t.id) }, expiresAt: { lt: now } };
  await prisma.$transaction([prisma.samlRequest.deleteMany({ where: expired }), prisma.samlAssertionSeen.deleteMany({ where: expired })]);
}
