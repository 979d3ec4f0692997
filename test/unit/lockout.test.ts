import { describe, expect, it } from 'vitest';
import { afterFailedLogin, afterSuccessfulLogin, isLocked, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../../src/domain/lockout.ts';

const now = new Date('2026-10-12T08:00:00Z');

describe('lockout', () => {
  it('locks after 5 failures for 15 minutes', () => {
    expect(MAX_FAILED_LOGINS).toBe(5);
    expect(LOCKOUT_MINUTES).toBe(15);
  });

  it('counts failures below the limit without locking', () => {
    expect(afterFailedLogin({ failedLogins: 0 }, now)).toEqual({ failedLogins: 1, lockedUntil: null });
    expect(afterFailedLogin({ failedLogins: 3 }, now)).toEqual({ failedLogins: 4, lockedUntil: null });
  });

  it('locks on the fifth failure and resets the counter', () => {
    expect(afterFailedLogin({ failedLogins: 4 }, now)).toEqual({
      failedLogins: 0,
      lockedUntil: new Date('2026-10-12T08:15:00Z'),
    });
  });

  it('walks from zero to locked in five failures', () => {
    let account: { failedLogins: number; lockedUntil: Date | null } = { failedLogins: 0, lockedUntil: null };
    for (let i = 0; i < 5; i++) {
      expect(isLocked(account, now)).toBe(false);
      account = afterFailedLogin(account, now);
    }
    expect(isLocked(account, now)).toBe(true);
  });

  it('is locked until the instant lockedUntil, not at it', () => {
    const account = { lockedUntil: new Date('2026-10-12T08:15:00Z') };
    expect(isLocked(account, new Date('2026-10-12T08:14:59.999Z'))).toBe(true);
    expect(isLocked(account, new Date('2026-10-12T08:15:00Z'))).toBe(false);
    expect(isLocked({ lockedUntil: null }, now)).toBe(false);
  });

  it('clears everything after a successful login', () => {
    expect(afterSuccessfulLogin()).toEqual({ failedLogins: 0, lockedUntil: null });
  });
});
