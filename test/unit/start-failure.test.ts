import { describe, expect, it } from 'vitest';
import { EmbeddedPostgresError } from '../../src/db/embedded.ts';
import { startFailureSentence } from '../../src/start-failure.ts';

const databaseUrl = 'postgresql://app:secret@db.example.it:6432/servizi';
const sentence = (error: unknown) => startFailureSentence(error, { port: 3000, databaseUrl });

describe('startFailureSentence', () => {
  it('says what to do, in one line, for the usual reasons', () => {
    expect(sentence(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }))).toBe(
      'Port 3000 is already in use: stop what uses it, or set PORT to a free port.',
    );
    // the schema engine's messages, as it gives them (no codes)
    expect(
      sentence(new Error("Can't reach database server at `db.example.it:6432`\n\nPlease make sure your database server is running")),
    ).toBe('PostgreSQL at DATABASE_URL (db.example.it:6432) does not answer: start it, or fix DATABASE_URL.');
    expect(sentence(new Error('User was denied access on the database `(not available)`'))).toBe(
      'PostgreSQL at DATABASE_URL (db.example.it:6432) refused the user or password: fix DATABASE_URL.',
    );
    expect(sentence(new Error('Database `servizi` does not exist'))).toBe(
      'The database named in DATABASE_URL does not exist: create it, or fix DATABASE_URL.',
    );
    expect(sentence(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toContain('does not answer');
  });

  it('passes the embedded PostgreSQL’s own sentence through, and never prints the password or a stack', () => {
    expect(sentence(new EmbeddedPostgresError('Port 54329 of the embedded PostgreSQL is already in use: …'))).toBe(
      'Port 54329 of the embedded PostgreSQL is already in use: …',
    );
    const other = sentence(new Error('Something odd\n    at main (src/server.ts:1:1)'));
    expect(other).toBe('Servizi Scolastici did not start: Something odd');
    expect(other).not.toContain('secret');
  });
});
