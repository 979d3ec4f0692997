// The monthly billing run of a post-paid Comune (issue 12): the app's runBillingRun, invoice phase, against one
// hand-written INSERT … SELECT writing the same rows — invoices, their lines, the bookings linked, the DRAFT notices
// with their items and the audit events — which is what the database itself needs. The SQL runs first in a
// transaction that is rolled back; then the app bills the same month for real. Publishing the notices on GPD is
// network work, timed apart (against a gateway that answers at once) and not part of the ratio.
import pino from 'pino';
import type pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/client.ts';
import { addDays, romeInstant } from '../../src/domain/dates.ts';
import { periodBounds } from '../../src/domain/billing-run.ts';
import { runBillingRun } from '../../src/features/billing/worker.ts';
import type { PagoPaGateway } from '../../src/pagopa/gateway.ts';
import { createPagoPaGateway } from '../../src/pagopa/index.ts';
import { BENCH_TODAY } from '../clock.ts';
import type { ResultRow } from './context.ts';

export const MAX_RATIO_TO_RAW = 2;
/** the month of BENCH_TODAY: the generator invoices every earlier month, so its closed days are still to bill */
const PERIOD = BENCH_TODAY.slice(0, 7);

/** $1 tenant, $2 first day, $3 last day, $4 service, $5 run, $6 issued on, $7 due on, $8 segregation code, $9 CF of the Comune */
const RAW_RUN = `
WITH charges AS (
  SELECT s."guardianId", b."studentId", b.status, coalesce(b."chargedCents", 0) AS cents, count(*)::int AS n
    FROM "Booking" b JOIN "Student" s ON s."tenantId" = b."tenantId" AND s.id = b."studentId"
   WHERE b."tenantId" = $1 AND b.date BETWEEN $2::date AND $3::date AND b."closedAt" IS NOT NULL AND b."invoiceId" IS NULL
     AND EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."tenantId" = $1 AND e."studentId" = b."studentId" AND e."serviceId" = $4)
   GROUP BY 1, 2, 3, 4
), families AS (
  SELECT "guardianId", sum(CASE WHEN status <> 'ABSENT' THEN n * cents ELSE 0 END)::int AS total,
         count(DISTINCT "studentId")::int AS kids, min("studentId"::text)::uuid AS one
    FROM charges GROUP BY 1 HAVING sum(CASE WHEN status <> 'ABSENT' THEN n * cents ELSE 0 END) > 0
), numbered AS MATERIALIZED (
  SELECT f.*, gen_random_uuid() AS id, gen_random_uuid() AS "noticeId", row_number() OVER (ORDER BY f."guardianId") AS seq,
         '3' || $8 || lpad((9000000000000 + row_number() OVER (ORDER BY f."guardianId"))::text, 13, '0') AS body
    FROM families f
), invoices AS (
  INSERT INTO "Invoice" (id, "tenantId", number, "issuedOn", "dueOn", "guardianId", "studentId", "serviceId", period, description,
                         "totalCents", "billingKey", "billingRunId")
  SELECT id, $1, '2099' || lpad(seq::text, 6, '0'), $6::date, $7::date, "guardianId", CASE WHEN kids = 1 THEN one END, $4, '${PERIOD}',
         'Refezione scolastica — giugno 2027', total, "guardianId" || '/' || $4 || '/${PERIOD}', $5
    FROM numbered RETURNING id, "totalCents"
), lines AS (
  INSERT INTO "InvoiceLine" (id, "tenantId", "invoiceId", position, "studentId", description, quantity, "unitCents", "amountCents")
  SELECT gen_random_uuid(), $1, x.id, row_number() OVER (PARTITION BY x.id ORDER BY c."studentId", c.status, c.cents DESC), c."studentId",
         'Refezione giugno 2027 — ' || st."firstName" || ' ' || st."lastName" || ': ' || c.n || ' pasti × ' || to_char(c.cents / 100.0, 'FM990D00') || ' €',
         c.n, c.cents, c.n * c.cents
    FROM charges c JOIN numbered x ON x."guardianId" = c."guardianId" JOIN "Student" st ON st.id = c."studentId"
   WHERE c.status <> 'ABSENT' AND c.cents > 0
  RETURNING "amountCents"
), linked AS (
  UPDATE "Booking" b SET "invoiceId" = x.id
    FROM numbered x JOIN "Student" s ON s."tenantId" = $1 AND s."guardianId" = x."guardianId"
   WHERE b."tenantId" = $1 AND b."studentId" = s.id AND b.date BETWEEN $2::date AND $3::date AND b."closedAt" IS NOT NULL AND b."invoiceId" IS NULL
  RETURNING b.id
), notices AS (
  INSERT INTO "PaymentNotice" (id, "tenantId", "noticeNumber", iuv, iupd, purpose, state, "amountCents", subject, "dueOn",
                               "debtorFiscalCode", "debtorName", "studentId", "createdBy")
  SELECT x."noticeId", $1, nav, substr(nav, 2), $9 || '-' || substr(nav, 2), 'INVOICE', 'DRAFT', x.total,
         'Refezione scolastica — giugno 2027 — documento n. 2099' || lpad(x.seq::text, 6, '0'), $7::date, g."fiscalCode",
         g."lastName" || ' ' || g."firstName", CASE WHEN x.kids = 1 THEN x.one END, 'system'
    FROM (SELECT numbered.*, body || lpad((body::numeric % 93)::text, 2, '0') AS nav FROM numbered) x
    JOIN "Guardian" g ON g.id = x."guardianId"
   WHERE g."paymentMethod" <> 'SDD'
  RETURNING id, "amountCents"
), items AS (
  INSERT INTO "PaymentNoticeItem" (id, "tenantId", "noticeId", "invoiceId", "amountCents")
  SELECT gen_random_uuid(), $1, x."noticeId", x.id, x.total FROM numbered x JOIN "Guardian" g ON g.id = x."guardianId" WHERE g."paymentMethod" <> 'SDD'
  RETURNING id
), audit AS (
  INSERT INTO "AuditEvent" (id, "tenantId", "actorKind", "actorLabel", action, "entityType", "entityId", details)
  SELECT gen_random_uuid(), $1, 'SYSTEM', 'system', 'INVOICE_ISSUED', 'Invoice', id::text, jsonb_build_object('totalCents', "totalCents") FROM invoices
  UNION ALL
  SELECT gen_random_uuid(), $1, 'SYSTEM', 'system', 'NOTICE_CREATED', 'PaymentNotice', id::text, jsonb_build_object('amountCents', "amountCents") FROM notices
  RETURNING id
)
SELECT (SELECT count(*)::int FROM invoices) AS invoices, (SELECT coalesce(sum("totalCents"), 0)::int FROM invoices) AS cents,
       (SELECT count(*)::int FROM lines) AS lines, (SELECT count(*)::int FROM linked) AS bookings,
       (SELECT count(*)::int FROM notices) AS notices, (SELECT count(*)::int FROM items) AS items, (SELECT count(*)::int FROM audit) AS audit`;

interface Written {
  invoices: number;
  cents: number;
  lines: number;
  bookings: number;
  notices: number;
}

/** A GPD that answers at once: what is left of publishing is our own bookkeeping. */
function instantGpd(real: PagoPaGateway): PagoPaGateway {
  return Object.assign(Object.create(real) as PagoPaGateway, { createDebtPosition: () => Promise.resolve() });
}

/** Bills PERIOD of the post-paid Comune both ways; returns one row of the table. */
export async function measureBillingRun(
  bench: { pool: pg.Pool; prisma: Db; log: (line: string) => void },
  tenantSlug: string,
): Promise<ResultRow> {
  const { pool, prisma, log } = bench;
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: tenantSlug } });
  const service = await prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, kind: 'CANTEEN' } });
  const { from, to } = periodBounds(PERIOD);
  const run = await prisma.billingRun.create({
    data: {
      tenantId: tenant.id,
      serviceId: service.id,
      period: PERIOD,
      kind: 'INVOICES',
      previewTotals: {},
      familiesTotal: 0,
      createdBy: 'bench',
    },
  });
  const dueOn = addDays(BENCH_TODAY, 30);
  const client = await pool.connect();
  let raw: Written;
  let rawSeconds: number;
  try {
    await client.query('BEGIN');
    const started = performance.now();
    raw = (
      await client.query<Written>(RAW_RUN, [
        tenant.id,
        from,
        to,
        service.id,
        run.id,
        BENCH_TODAY,
        dueOn,
        tenant.segregationCode,
        tenant.fiscalCode,
      ])
    ).rows[0];
    rawSeconds = (performance.now() - started) / 1000;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }

  const config = loadConfig({ NODE_ENV: 'test', PAGOPA_MODE: 'simulator', BASE_URL: 'http://127.0.0.1:9' });
  const clock = { now: () => romeInstant(BENCH_TODAY, '10:00') };
  const deps = { prisma, pagopa: instantGpd(createPagoPaGateway(config)), clock, logger: pino({ level: 'silent' }), config };
  const started = performance.now();
  let invoicedAt = started;
  const outcome = await runBillingRun(deps, run.id, { afterChunk: () => void (invoicedAt = performance.now()) }).catch(
    (error: unknown) => error as Error,
  );
  const appSeconds = (invoicedAt - started) / 1000;
  const publishSeconds = (performance.now() - invoicedAt) / 1000;
  const failure = outcome instanceof Error ? `; the run FAILED: ${outcome.message.split('\n')[0]}` : '';
  const [app] = await pool
    .query<Written>(
      `SELECT count(*)::int AS invoices, coalesce(sum("totalCents"), 0)::int AS cents,
            (SELECT count(*)::int FROM "InvoiceLine" l JOIN "Invoice" i ON i.id = l."invoiceId" WHERE i."billingRunId" = $1) AS lines,
            (SELECT count(*)::int FROM "Booking" b JOIN "Invoice" i ON i.id = b."invoiceId" WHERE i."billingRunId" = $1) AS bookings,
            (SELECT count(*)::int FROM "PaymentNoticeItem" p JOIN "Invoice" i ON i.id = p."invoiceId" WHERE i."billingRunId" = $1) AS notices
       FROM "Invoice" WHERE "billingRunId" = $1`,
      [run.id],
    )
    .then((r) => r.rows);
  const same =
    app.invoices === raw.invoices &&
    app.cents === raw.cents &&
    app.lines === raw.lines &&
    app.bookings === raw.bookings &&
    app.notices === raw.notices;
  const students = await prisma.student.count({ where: { tenantId: tenant.id } });
  log(
    `billing run ${tenantSlug}: app ${appSeconds.toFixed(2)} s (+ ${publishSeconds.toFixed(2)} s publishing), raw SQL ${rawSeconds.toFixed(2)} s`,
  );
  return {
    scenario: `billing run, ${students.toLocaleString('en')} students (${tenantSlug}, invoice phase)`,
    unit: 's',
    value: Number(appSeconds.toFixed(2)),
    baselineValue: Number(rawSeconds.toFixed(2)),
    p50: null,
    p95: null,
    target: `≤ ${MAX_RATIO_TO_RAW}× raw SQL`,
    met: same && !failure && appSeconds <= MAX_RATIO_TO_RAW * rawSeconds,
    note:
      `app ${appSeconds.toFixed(2)} s, raw INSERT…SELECT ${rawSeconds.toFixed(2)} s (${(appSeconds / rawSeconds).toFixed(1)}×); publishing the ` +
      `notices to an instant GPD ${publishSeconds.toFixed(1)} s more (not in the ratio); app ${app.invoices} invoices, ${app.lines} lines, ` +
      `${app.bookings} bookings, ${app.notices} notices, ${app.cents} cents; raw ${raw.invoices}/${raw.lines}/${raw.bookings}/${raw.notices}/${raw.cents}` +
      `${same ? ' — same rows' : ' — DIFFERENT'}${failure}`,
  };
}
