// Logged-in parents for the load: sessions written straight into the session table, in the format express-session
// and connect-pg-simple use (what a SPID login through the dev identity provider would have stored), each with its
// own CSRF token as a form page would have left it. Much faster than thousands of SAML round trips, and the app
// reads, checks and refreshes them exactly as it does real ones.
import { createHmac, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { SessionAuth } from '../src/auth/session-auth.ts';
import { BENCH_SESSION_SECRET } from './credentials.ts';

const IDLE_MS = 30 * 60_000;

export interface BenchParent {
  guardianId: string;
  tenantId: string;
  fiscalCode: string;
  displayName: string;
  /** the children the parent acts for, eldest first, and their badge numbers */
  studentIds: string[];
  badges: string[];
}

export interface BenchSession {
  parent: BenchParent;
  /** the Cookie header value */
  cookie: string;
  csrfToken: string;
}

/** express-session's signed cookie: "s:" + sid + "." + base64 HMAC-SHA256, URL-encoded. */
function signedCookie(sid: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `ss.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`;
}

/** The parents (intestatari with children) of a Comune, in a stable order. */
export async function parentsOf(pool: pg.Pool, tenantSlug: string, limit: number): Promise<BenchParent[]> {
  const { rows } = await pool.query<{
    guardianId: string;
    tenantId: string;
    fiscalCode: string;
    name: string;
    studentIds: string[];
    badges: string[];
  }>(
    `SELECT g.id AS "guardianId", g."tenantId", g."fiscalCode", g."firstName" || ' ' || g."lastName" AS name,
            array_agg(s.id ORDER BY s."birthDate") AS "studentIds", array_agg(s."badgeNumber" ORDER BY s."birthDate") AS badges
       FROM "Guardian" g
       JOIN "Tenant" t ON t.id = g."tenantId"
       JOIN "Student" s ON s."tenantId" = g."tenantId" AND s."guardianId" = g.id
      WHERE t.slug = $1 AND NOT g."isCompany"
      GROUP BY g.id
      ORDER BY g."fiscalCode"
      LIMIT $2`,
    [tenantSlug, limit],
  );
  return rows.map((r) => ({
    guardianId: r.guardianId,
    tenantId: r.tenantId,
    fiscalCode: r.fiscalCode,
    displayName: r.name,
    studentIds: r.studentIds,
    badges: r.badges,
  }));
}

/**
 * `count` fresh sessions, rotating over `parents` (more sessions than parents only where the Comune has fewer
 * families than that, i.e. the demo). Fresh: the app starts their idle and absolute timeouts on its own clock.
 */
export async function openSessions(pool: pg.Pool, parents: readonly BenchParent[], count: number, now: Date): Promise<BenchSession[]> {
  if (parents.length === 0) throw new Error('No parents to log in');
  const expires = new Date(Date.now() + 8 * 3_600_000);
  const sessions: BenchSession[] = [];
  const rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const parent = parents[i % parents.length];
    const sid = randomBytes(24).toString('base64url');
    const csrfToken = randomBytes(32).toString('hex');
    const auth: SessionAuth = {
      tenantId: parent.tenantId,
      via: 'SPID',
      displayName: parent.displayName,
      fiscalCode: parent.fiscalCode,
      guardianIds: [parent.guardianId],
      ownGuardianId: parent.guardianId,
      accountId: null,
      role: null,
      loginAt: now.getTime(),
      saml: null,
    };
    const cookie = { originalMaxAge: IDLE_MS, expires: expires.toISOString(), secure: true, httpOnly: true, path: '/', sameSite: 'lax' };
    rows.push([sid, JSON.stringify({ cookie, auth, csrfToken }), expires]);
    sessions.push({ parent, cookie: signedCookie(sid, BENCH_SESSION_SECRET), csrfToken });
  }
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await pool.query(`INSERT INTO session (sid, sess, expire) SELECT * FROM unnest($1::varchar[], $2::json[], $3::timestamp[])`, [
      chunk.map((r) => r[0]),
      chunk.map((r) => r[1]),
      chunk.map((r) => r[2]),
    ]);
  }
  return sessions;
}
