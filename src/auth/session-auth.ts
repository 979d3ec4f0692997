import type { AccountRole } from '../generated/prisma/enums.ts';

export type LoginMethod = 'SPID' | 'CIE' | 'LOCAL';

/** Who is logged in, for one tenant. Stored in the session; checked on every request. */
export interface SessionAuth {
  tenantId: string;
  via: LoginMethod;
  displayName: string;
  /** The adult's fiscal code (SPID/CIE, or the staff/company account's). */
  fiscalCode: string | null;
  /** The families (guardian ids) this adult may act for: their own as intestatario and those that delegated them. */
  guardianIds: string[];
  /** Set when the adult is the intestatario: only they manage delegates. */
  ownGuardianId: string | null;
  accountId: string | null;
  role: AccountRole | null;
  /** A password set by an administrator (new account, reset): nothing else opens until it is changed. */
  mustChangePassword?: boolean;
  loginAt: number;
  /** What Single Logout needs to tell the identity provider. */
  saml: { idp: string; nameId: string; nameIdFormat: string; nameQualifier: string | null; sessionIndex: string | null } | null;
}

export const STAFF_ROLES = ['ADMIN', 'CLERK', 'CASHIER', 'CATERER'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isCitizen(auth: SessionAuth | undefined): boolean {
  return !!auth && auth.guardianIds.length > 0;
}

export function hasRole(auth: SessionAuth | undefined, roles: readonly AccountRole[]): auth is SessionAuth {
  return !!auth && auth.role !== null && roles.includes(auth.role);
}
