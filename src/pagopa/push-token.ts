import { createHash } from 'node:crypto';

/** What is stored of a Comune's receipt push token: its SHA-256, so the database never holds the token itself. */
export function pushTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
