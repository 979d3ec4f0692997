import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';

/**
 * Sessions live in PostgreSQL (table "session", part of our schema) so any instance can serve any request.
 * Idle timeout: the cookie's rolling maxAge and lastSeenAt. Absolute timeout: startedAt.
 */
export function setUpSession(options: {
  pool: pg.Pool;
  secret: string;
  secure: boolean;
  idleMinutes: number;
  absoluteHours: number;
  now: () => number;
}): RequestHandler[] {
  const PgStore = connectPgSimple(session);
  // No touch: it would be one more write before every response. A logged-in session is stored again at
  // least once a minute (lastSeenAt below), which moves its expiry along with the rolling cookie.
  const store = new PgStore({
    pool: options.pool,
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    disableTouch: true,
  });
  const idleMs = options.idleMinutes * 60_000;
  const absoluteMs = options.absoluteHours * 3_600_000;
  const sessions = session({
    name: 'ss.sid',
    store,
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: options.secure,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: idleMs, path: '/' },
  });
  // Both timeouts are also checked on the app's clock (the cookie's expiry alone cannot be tested or trusted
  // across instances); lastSeenAt is refreshed at most once a minute to spare a write per request.
  const timeouts: RequestHandler = (req, _res, next) => {
    const session = req.session;
    if (!session?.auth) return next();
    const now = options.now();
    session.startedAt ??= now;
    const idle = session.lastSeenAt !== undefined && now - session.lastSeenAt > idleMs;
    if (idle || now - session.startedAt > absoluteMs) {
      session.regenerate((error) => next(error));
      return;
    }
    if (session.lastSeenAt === undefined || now - session.lastSeenAt > 60_000) session.lastSeenAt = now;
    next();
  };
  return [sessions, timeouts, saveBeforeRedirect];
}

/**
 * A redirect waits until a changed session is stored. express-session sends the headers first and stores
 * the session while the last byte of the body waits, and browsers follow a Location as soon as it arrives:
 * the next page could read the session as it was before this request (a lost confirmation message, a
 * login that seems not to have happened). Unchanged sessions are not written, so visitors get none.
 */
const saveBeforeRedirect: RequestHandler = (req, res, next) => {
  const startedAs = { id: req.sessionID, data: JSON.stringify(req.session ?? null) };
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = (...args: unknown[]) => {
    const session = req.session;
    const changed = session && (req.sessionID !== startedAs.id || JSON.stringify(session) !== startedAs.data);
    if (!changed) return redirect(...args);
    session.save((error) => (error ? next(error) : redirect(...args)));
  };
  next();
};

/** A new session id at login (no fixation); keeps where the user wanted to go. */
export function regenerateSession(req: Express.Request & { session: session.Session & Partial<session.SessionData> }): Promise<void> {
  const { returnTo, language } = req.session;
  return new Promise((resolve, reject) =>
    req.session.regenerate((error) => {
      if (error) return reject(error as Error);
      if (returnTo) req.session.returnTo = returnTo;
      if (language) req.session.language = language;
      resolve();
    }),
  );
}

export function destroySession(req: Express.Request & { session: session.Session }): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((error) => (error ? reject(error as Error) : resolve())));
}
