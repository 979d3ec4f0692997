export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export function isLocked(account: { lockedUntil: Date | null }, now: Date): boolean {
  return account.lockedUntil !== null && now.getTime() < account.lockedUntil.getTime();
}

/** The fifth failure in a row locks the account and restarts the count for after the lock. */
export function afterFailedLogin(account: { failedLogins: number }, now: Date): { failedLogins: number; lockedUntil: Date | null } {
  const failedLogins = account.failedLogins + 1;
  if (failedLogins < MAX_FAILED_LOGINS) return { failedLogins, lockedUntil: null };
  return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) };
}

export function afterSuccessfulLogin(): { failedLogins: number; lockedUntil: Date | null } {
  return { failedLogins: 0, lockedUntil: null };
}
