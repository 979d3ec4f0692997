// Local accounts (username + password): the Comune's staff, the caterer's kitchen, and company guardians.
import { hashPassword } from '../../src/auth/local/passwords.ts';
import { DEMO_PASSWORD } from './identities.ts';
import type { SeedContext } from './context.ts';
import type { FamilySpec } from './families-data.ts';
import type { SeededStudent } from './families.ts';
import type { TenantSpec } from './tenants.ts';

export function hashDemoPassword(): Promise<string> {
  return hashPassword(DEMO_PASSWORD);
}

export interface PreparedAccount {
  username: string;
  role: 'ADMIN' | 'CLERK' | 'CASHIER' | 'CATERER' | 'COMPANY';
  fullName: string;
  fiscalCode: string | null;
  passwordHash: string;
}

/**
 * Hashing is slow on purpose (~0.3 s each), so it happens before the tenant's transaction opens, and once: every
 * demo account has the same password, so sharing one salted hash reveals nothing more.
 */
export async function prepareAccounts(spec: TenantSpec, families: readonly FamilySpec[], passwordHash: string): Promise<PreparedAccount[]> {
  const accounts: Omit<PreparedAccount, 'passwordHash'>[] = [
    { username: 'admin', role: 'ADMIN', fullName: spec.staff.admin, fiscalCode: null },
    {
      username: 'operatore',
      role: 'CLERK',
      fullName: `${spec.staff.clerk.firstName} ${spec.staff.clerk.lastName}`,
      fiscalCode: spec.staff.clerk.fiscalCode,
    },
    { username: 'cassa', role: 'CASHIER', fullName: spec.staff.cashier, fiscalCode: null },
    { username: 'cucina', role: 'CATERER', fullName: spec.caterer, fiscalCode: null },
    ...families
      .filter((f) => f.guardian.isCompany)
      .map((f) => ({
        username: f.guardian.fiscalCode,
        role: 'COMPANY' as const,
        fullName: f.guardian.lastName,
        fiscalCode: f.guardian.fiscalCode,
      })),
  ];
  return accounts.map((a) => ({ ...a, passwordHash }));
}

export async function createAccounts(
  ctx: SeedContext,
  accounts: readonly PreparedAccount[],
  students: readonly SeededStudent[],
): Promise<number> {
  const guardianOf = new Map(students.map((s) => [s.guardian.fiscalCode, s.guardian.id]));
  await ctx.tx.localAccount.createMany({
    data: accounts.map((a) => ({
      tenantId: ctx.tenant.id,
      username: a.username,
      passwordHash: a.passwordHash,
      role: a.role,
      fullName: a.fullName,
      fiscalCode: a.fiscalCode,
      guardianId: a.role === 'COMPANY' ? (guardianOf.get(a.username) ?? null) : null,
      passwordChangedAt: ctx.now,
    })),
  });
  return accounts.length;
}
