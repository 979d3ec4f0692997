import { EmbeddedPostgresError } from './db/embedded.ts';

/**
 * Why `npm start` stopped, as one sentence that says what to do (never a stack trace). Connection failures
 * come as pg error codes, or, from Prisma's schema engine (the migrations run first), as its messages only.
 */
export function startFailureSentence(error: unknown, context: { port?: number; databaseUrl?: string }): string {
  if (error instanceof EmbeddedPostgresError) return error.message;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = (typeof message === 'string' ? message : String(error)).trim().split('\n')[0];
  const database = context.databaseUrl ? `PostgreSQL at DATABASE_URL (${hostOf(context.databaseUrl)})` : 'PostgreSQL';
  if (code === 'EADDRINUSE') return `Port ${context.port} is already in use: stop what uses it, or set PORT to a free port.`;
  if (code === 'EACCES' && context.port !== undefined && context.port < 1024)
    return `Port ${context.port} needs root: set PORT to a port above 1023.`;
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT'].includes(String(code)) || /can't reach database server/i.test(text))
    return `${database} does not answer: start it, or fix DATABASE_URL.`;
  if (['28P01', '28000'].includes(String(code)) || /denied access|authentication failed/i.test(text))
    return `${database} refused the user or password: fix DATABASE_URL.`;
  if (code === '3D000' || /database .* does not exist/i.test(text))
    return `The database named in DATABASE_URL does not exist: create it, or fix DATABASE_URL.`;
  return `Servizi Scolastici did not start: ${text}`;
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return 'unreadable URL';
  }
}
