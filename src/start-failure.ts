import { EmbeddedPostgresError } from './db/embedded.ts';

/** Why `npm start` stopped, as one sentence that says what to do (never a stack trace). */
export function startFailureSentence(error: unknown, context: { port?: number; databaseUrl?: string }): string {
  if (error instanceof EmbeddedPostgresError) return error.message;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  const database = context.databaseUrl ? `PostgreSQL at DATABASE_URL (${hostOf(context.databaseUrl)})` : 'PostgreSQL';
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${context.port} is already in use: stop what uses it, or set PORT to a free port.`;
    case 'EACCES':
      return `Port ${context.port} may not be used by this user: set PORT to a port above 1023.`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
      return `${database} does not answer (${text}): start it, or fix DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `${database} refused the user or password: fix DATABASE_URL.`;
    case '3D000':
      return `The database named in DATABASE_URL does not exist: create it, or fix DATABASE_URL.`;
    default:
      return `Servizi Scolastici did not start: ${text}`;
  }
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return 'unreadable URL';
  }
}
