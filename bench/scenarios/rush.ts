// The 09:00 rush: distinct children's parents cancel tomorrow's meal (the "Comunicazione assenze" form, with the
// CSRF token their session holds) while the app's clock crosses the cutoff. The clock starts shortly before 09:00
// and is moved to 09:00:00.000 once 60% of the answers are in (or 60% of the time is gone), so the rest race the cutoff. Accepted requests
// answer 200 (confirmation page), refused ones 422 (the form with "too late"). Then the database must show every
// accepted cancellation stored once, no refused one stored, and none stored at or after the cutoff.
import { romeInstant } from '../../src/domain/dates.ts';
import { BENCH_TOMORROW } from '../clock.ts';
import type { LoadItem } from '../load-worker.ts';
import { load } from '../processes.ts';
import { openSessions, type BenchParent } from '../sessions.ts';
import { measureBaseline, unexpected, type BenchContext, type ResultRow } from './context.ts';

export const RUSH_MIN_RATIO = 0.15;
const CUTOFF = romeInstant(BENCH_TOMORROW, '09:00');
const ACCEPTED = 200;
const REFUSED = 422;

/** Children who eat tomorrow and have no request for it yet, each with their parent; `exclude` were used already. */
export async function rushChildren(ctx: BenchContext, tenantSlug: string, count: number, exclude: ReadonlySet<string>) {
  const { rows } = await ctx.pool.query<{ studentId: string; guardianId: string }>(
    `SELECT s.id AS "studentId", s."guardianId"
       FROM "Student" s
       JOIN "Tenant" t ON t.id = s."tenantId"
       JOIN "SchoolClass" k ON k."tenantId" = s."tenantId" AND k.id = s."classId"
       JOIN "ServiceCalendar" c ON c."tenantId" = s."tenantId" AND c."schoolId" = s."schoolId" AND $2::date BETWEEN c."startsOn" AND c."endsOn"
      WHERE t.slug = $1 AND extract(isodow FROM $2::date) = ANY(k."mealWeekdays")
        AND NOT EXISTS (SELECT 1 FROM "Booking" b WHERE b."tenantId" = s."tenantId" AND b."studentId" = s.id AND b.date = $2::date)
      ORDER BY s."badgeNumber"`,
    [tenantSlug, BENCH_TOMORROW],
  );
  return rows.filter((r) => !exclude.has(r.studentId)).slice(0, count);
}

export async function measureRush(
  ctx: BenchContext,
  tenantSlug: string,
  parentsById: ReadonlyMap<string, BenchParent>,
  connections: number,
  count: number,
  used: Set<string>,
): Promise<ResultRow> {
  const children = await rushChildren(ctx, tenantSlug, count, used);
  for (const c of children) used.add(c.studentId);
  const start = new Date(CUTOFF.getTime() - 90_000);
  await ctx.app.setClock(start);
  const sessions = await openSessions(
    ctx.pool,
    children.map((c) => parentsById.get(c.guardianId)!),
    children.length,
    start,
  );
  const items: LoadItem[] = children.map((child, i) => ({
    method: 'POST',
    path: `/${tenantSlug}/assenze`,
    headers: { cookie: sessions[i].cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: sessions[i].csrfToken,
      alunno: child.studentId,
      da: BENCH_TOMORROW,
      a: BENCH_TOMORROW,
      tipologia: 'ASSENTE',
    }).toString(),
    label: child.studentId,
  }));
  const result = await load(
    {
      base: ctx.app.base,
      connections,
      amount: items.length,
      seconds: ctx.settings.seconds,
      items,
      recordOutcomes: true,
      notifyAfter: { responses: Math.round(items.length * 0.6), seconds: ctx.settings.seconds * 0.6 },
    },
    () => void ctx.app.setClock(CUTOFF),
  );
  const baseline = await measureBaseline(ctx, [...parentsById.values()].slice(0, 1000), result.bytesPerResponse, connections);

  const accepted = new Set(result.outcomes.filter(([, s]) => s === ACCEPTED).map(([id]) => id));
  const refused = new Set(result.outcomes.filter(([, s]) => s === REFUSED).map(([id]) => id));
  const ids = children.map((c) => c.studentId);
  const stored = await ctx.pool.query<{ studentId: string; n: number; late: number }>(
    `SELECT b."studentId", count(*)::int AS n, count(*) FILTER (WHERE b."requestedAt" >= $3)::int AS late
       FROM "Booking" b JOIN "Tenant" t ON t.id = b."tenantId"
      WHERE t.slug = $1 AND b.date = $2::date AND b."studentId" = ANY($4) AND b.status = 'ABSENT'
      GROUP BY b."studentId"`,
    [tenantSlug, BENCH_TOMORROW, CUTOFF, ids],
  );
  const audited = await ctx.pool.query<{ entityId: string; n: number }>(
    `SELECT a."entityId", count(*)::int AS n FROM "AuditEvent" a JOIN "Tenant" t ON t.id = a."tenantId"
      WHERE t.slug = $1 AND a.action = 'CANTEEN_ABSENCE_COMMUNICATED' AND a."entityId" = ANY($2) GROUP BY a."entityId"`,
    [tenantSlug, ids],
  );
  const storedOf = new Map(stored.rows.map((r) => [r.studentId, r]));
  const lost = [...accepted].filter((id) => !storedOf.has(id)).length;
  const doubled = stored.rows.filter((r) => r.n > 1).length + audited.rows.filter((r) => r.n > 1).length;
  const late = stored.rows.reduce((sum, r) => sum + r.late, 0);
  const storedRefused = [...refused].filter((id) => storedOf.has(id)).length;
  const wrong = unexpected(result, [ACCEPTED, REFUSED]);
  const ratio = result.perSecond / baseline.perSecond;
  const clean = lost === 0 && doubled === 0 && late === 0 && storedRefused === 0 && !wrong && refused.size > 0 && accepted.size > 0;
  ctx.log(
    `rush ×${connections}: ${result.perSecond} req/s, ${accepted.size} accepted, ${refused.size} refused, lost ${lost}, doubled ${doubled}, late ${late}`,
  );
  return {
    scenario: `09:00 rush, ${connections} connections`,
    unit: 'req/s',
    value: result.perSecond,
    baselineValue: baseline.perSecond,
    p50: result.p50,
    p95: result.p95,
    target: `≥ ${RUSH_MIN_RATIO}; 0 lost/doubled/late`,
    met: clean && ratio >= RUSH_MIN_RATIO,
    note:
      `${result.outcomes.length} of ${children.length} distinct children answered: ${accepted.size} accepted (200), ${refused.size} refused after the cutoff (422); ` +
      `lost ${lost}, doubled ${doubled}, stored at/after 09:00 ${late}, refused but stored ${storedRefused}` +
      (wrong ? `; unexpected: ${wrong}` : ''),
  };
}
