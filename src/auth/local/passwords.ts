import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): strong, and cheap enough
// that a two-core server is not brought down by a burst of logins.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password);
}

// No 0/O, 1/l/I: a temporary password is read out or copied by hand.
const READABLE = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/** A temporary password an administrator hands over ("Abcd-efgh-2345-…"): 16 readable characters, letters and digits. */
export function temporaryPassword(): string {
  for (;;) {
    const chars = Array.from(randomBytes(16), (byte) => READABLE[byte % READABLE.length]).join('');
    if (/[A-Za-z]/.test(chars) && /[0-9]/.test(chars)) return chars.match(/.{4}/g)!.join('-');
  }
}
