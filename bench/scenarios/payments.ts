// pagoPA at scale: printable avvisi per second (against a one-line pdfkit page), and 10,000 receipts pushed to
// the receipt endpoint, a tenth of them a second time, which must be applied exactly once each.
import { randomUUID } from 'node:crypto';
import { buildNoticeNumber, iuvOf } from '../../src/domain/notice-number.ts';
import type { PagoPaReceipt } from '../../src/pagopa/gateway.ts';
import { paSendRtSoap } from '../../src/pagopa/receipt-xml.ts';
import { BENCH_PUSH_TOKEN } from '../credentials.ts';
import type { LoadItem } from '../load-worker.ts';
import { load } from '../processes.ts';
import { openSessions, type BenchParent } from '../sessions.ts';
import { unexpected, type BenchContext, type ResultRow } from './context.ts';
import { MORNING } from './pages.ts';

export const PDF_MIN_RATIO = 0.3;
const TOP_UP_CENTS = 5000;

export interface OpenNotice {
  id: string;
  noticeNumber: string;
  iuv: string;
  guardianId: string;
  debtorFiscalCode: string;
  debtorName: string;
}

/** `count` payable top-up avvisi, one per child (as a parent's "Ricarica" would have issued them). */
export async function issueTopUpNotices(ctx: BenchContext, tenantSlug: string, count: number): Promise<OpenNotice[]> {
  const { rows } = await ctx.pool.query<{
    tenantId: string;
    seg: string;
    cf: string;
    walletId: string;
    studentId: string;
    guardianId: string;
    fc: string;
    name: string;
  }>(
    `SELECT t.id AS "tenantId", t."segregationCode" AS seg, t."fiscalCode" AS cf, w.id AS "walletId", s.id AS "studentId",
            g.id AS "guardianId", g."fiscalCode" AS fc, g."firstName" || ' ' || g."lastName" AS name
       FROM "Wallet" w JOIN "Tenant" t ON t.id = w."tenantId"
       JOIN "Student" s ON s."tenantId" = w."tenantId" AND s.id = w."studentId"
       JOIN "Guardian" g ON g."tenantId" = s."tenantId" AND g.id = s."guardianId"
      WHERE t.slug = $1 ORDER BY s."badgeNumber" LIMIT $2`,
    [tenantSlug, count],
  );
  const notices = rows.map((r, i) => {
    const noticeNumber = buildNoticeNumber(r.seg, '27' + String(i + 1).padStart(11, '0'));
    return { ...r, id: randomUUID(), noticeNumber, iuv: iuvOf(noticeNumber) };
  });
  await ctx.pool.query(
    `INSERT INTO "PaymentNotice" (id, "tenantId", "noticeNumber", iuv, iupd, purpose, state, "amountCents", subject, "debtorFiscalCode",
                                  "debtorName", "studentId", "walletId", "createdBy")
     SELECT n.id, n."tenantId", n.nav, n.iuv, n.cf || '-' || n.iuv, 'TOP_UP', 'VALID', ${TOP_UP_CENTS}, 'Ricarica conto mensa', n.fc, n.name,
            n."studentId", n."walletId", n.name
       FROM jsonb_to_recordset($1::jsonb) AS n(id uuid, "tenantId" uuid, nav text, iuv text, cf text, fc text, name text, "studentId" uuid, "walletId" uuid)`,
    [JSON.stringify(notices.map((n) => ({ ...n, nav: n.noticeNumber })))],
  );
  return notices.map((n) => ({
    id: n.id,
    noticeNumber: n.noticeNumber,
    iuv: n.iuv,
    guardianId: n.guardianId,
    debtorFiscalCode: n.fc,
    debtorName: n.name,
  }));
}

export async function measureNoticePdfs(
  ctx: BenchContext,
  tenantSlug: string,
  notices: readonly OpenNotice[],
  parentsById: ReadonlyMap<string, BenchParent>,
): Promise<ResultRow> {
  await ctx.app.setClock(MORNING);
  const owners = notices.map((n) => parentsById.get(n.guardianId)!);
  const sessions = await openSessions(ctx.pool, owners, owners.length, MORNING);
  const items: LoadItem[] = notices.map((n, i) => ({
    path: `/${tenantSlug}/pagamenti/avvisi/${n.id}/pdf`,
    headers: { cookie: sessions[i].cookie },
  }));
  const { connections, seconds, warmupSeconds } = ctx.settings;
  const portal = await load({ base: ctx.app.base, connections, seconds, warmupSeconds, items });
  const baseline = await load({ base: ctx.baseline.base, connections, seconds, warmupSeconds, items: [{ path: '/pdf' }] });
  const wrong = unexpected(portal, [200]);
  ctx.log(`notice PDFs: ${portal.perSecond}/s vs one-line pdfkit ${baseline.perSecond}/s`);
  return {
    scenario: 'avviso pagoPA PDF (per second)',
    unit: 'req/s',
    value: portal.perSecond,
    baselineValue: baseline.perSecond,
    p50: portal.p50,
    p95: portal.p95,
    target: `≥ ${PDF_MIN_RATIO} of a one-line pdfkit page`,
    met: !wrong && portal.perSecond / baseline.perSecond >= PDF_MIN_RATIO,
    note:
      `${notices.length} avvisi of ${new Set(notices.map((n) => n.guardianId)).size} parents, ${Math.round(portal.bytesPerResponse / 1024)} KiB each` +
      (wrong ? `; unexpected: ${wrong}` : ''),
  };
}

function receiptFor(notice: OpenNotice, creditor: { fiscalCode: string; name: string; iban: string }, n: number): PagoPaReceipt {
  const party = { type: 'F' as const, fiscalCode: notice.debtorFiscalCode, fullName: notice.debtorName };
  return {
    receiptId: `bench${String(n).padStart(10, '0')}`,
    noticeNumber: notice.noticeNumber,
    creditorFiscalCode: creditor.fiscalCode,
    outcome: 'OK',
    creditorReferenceId: notice.iuv,
    amountCents: TOP_UP_CENTS,
    feeCents: 100,
    description: 'Ricarica conto mensa',
    companyName: creditor.name,
    pspId: 'BDEMITM1XXX',
    pspCompanyName: 'Banca Demo',
    paymentMethod: 'CP',
    paymentDateTime: new Date(MORNING.getTime() - 3_600_000),
    debtor: party,
    payer: party,
    transfers: [
      {
        idTransfer: 1,
        amountCents: TOP_UP_CENTS,
        fiscalCodePA: creditor.fiscalCode,
        iban: creditor.iban,
        remittanceInformation: 'Ricarica conto mensa',
        category: '9/0101108TS/',
      },
    ],
  };
}

/**
 * What pagoPA's nodo does with a push answered KO: it sends the receipt again later. Here, once the load is over,
 * every notice still unpaid gets its receipt pushed again, one at a time, up to three rounds. Returns how many were.
 */
async function redeliverUnpaid(
  ctx: BenchContext,
  tenantSlug: string,
  notices: readonly OpenNotice[],
  bodies: readonly string[],
): Promise<number> {
  const headers = { authorization: `Bearer ${BENCH_PUSH_TOKEN}`, 'content-type': 'text/xml' };
  const bodyOf = new Map(notices.map((notice, i) => [notice.id, bodies[i]]));
  let redelivered = 0;
  for (let round = 0; round < 3; round++) {
    const { rows } = await ctx.pool.query<{ id: string }>(
      `SELECT n.id FROM "PaymentNotice" n JOIN "Tenant" t ON t.id = n."tenantId"
        WHERE t.slug = $1 AND n.id = ANY($2) AND n.state <> 'PAID'`,
      [tenantSlug, notices.map((n) => n.id)],
    );
    if (rows.length === 0) break;
    for (const { id } of rows) {
      await fetch(`${ctx.app.base}/${tenantSlug}/pagopa/receipts`, { method: 'POST', headers, body: bodyOf.get(id) });
      redelivered++;
    }
  }
  return redelivered;
}

/** Pushes one receipt per notice plus a copy of every tenth, shuffled, then checks each was applied once. */
export async function measureReceipts(ctx: BenchContext, tenantSlug: string, notices: readonly OpenNotice[]): Promise<ResultRow> {
  const creditor = (
    await ctx.pool.query<{ fiscalCode: string; name: string; iban: string }>(
      'SELECT "fiscalCode", name, iban FROM "Tenant" WHERE slug = $1',
      [tenantSlug],
    )
  ).rows[0];
  const station = { idPA: creditor.fiscalCode, idBrokerPA: '15376371009', idStation: `${creditor.fiscalCode}_01` };
  const bodies = notices.map((notice, i) => paSendRtSoap(receiptFor(notice, creditor, i), station));
  const pushed = [...bodies, ...bodies.filter((_, i) => i % 9 === 0)];
  // a fixed shuffle (the same every run), so duplicates arrive at any distance from their first copy
  for (let i = pushed.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [pushed[i], pushed[j]] = [pushed[j], pushed[i]];
  }
  const headers = { authorization: `Bearer ${BENCH_PUSH_TOKEN}`, 'content-type': 'text/xml' };
  const items: LoadItem[] = pushed.map((body) => ({ method: 'POST', path: `/${tenantSlug}/pagopa/receipts`, headers, body }));
  const result = await load({ base: ctx.app.base, connections: ctx.settings.connections, amount: items.length, items });
  const redelivered = await redeliverUnpaid(ctx, tenantSlug, notices, bodies);
  const check = await ctx.pool.query<{ receipts: number; applied: number; paid: number; movements: number; cents: number }>(
    `SELECT (SELECT count(*)::int FROM "Receipt" r WHERE r."tenantId" = t.id AND r."receiptId" LIKE 'bench%') AS receipts,
            (SELECT count(*)::int FROM "Receipt" r WHERE r."tenantId" = t.id AND r."receiptId" LIKE 'bench%' AND r.status = 'APPLIED') AS applied,
            (SELECT count(*)::int FROM "PaymentNotice" n WHERE n."tenantId" = t.id AND n.id = ANY($2) AND n.state = 'PAID') AS paid,
            (SELECT count(*)::int FROM "WalletMovement" m JOIN "Receipt" r ON r."tenantId" = m."tenantId" AND r.id = m."receiptId"
              WHERE m."tenantId" = t.id AND r."receiptId" LIKE 'bench%') AS movements,
            (SELECT coalesce(sum(m."amountCents"), 0)::int FROM "WalletMovement" m JOIN "Receipt" r ON r."tenantId" = m."tenantId" AND r.id = m."receiptId"
              WHERE m."tenantId" = t.id AND r."receiptId" LIKE 'bench%') AS cents
       FROM "Tenant" t WHERE t.slug = $1`,
    [tenantSlug, notices.map((n) => n.id)],
  );
  const c = check.rows[0];
  const n = notices.length;
  const once = c.receipts === n && c.applied === n && c.paid === n && c.movements === n && c.cents === n * TOP_UP_CENTS;
  // a 503 is the endpoint's "not stored, send it again" (the nodo redelivers it); anything else is a fault
  const wrong = unexpected(result, [200, 503]);
  const refused = result.statuses['503'] ?? 0;
  ctx.log(`receipts: ${result.perSecond}/s; ${c.receipts} stored, ${c.paid} notices paid, ${c.movements} top-ups`);
  return {
    scenario: `pagoPA receipts pushed (${pushed.length}, ${pushed.length - n} duplicates)`,
    unit: 'req/s',
    value: result.perSecond,
    baselineValue: null,
    p50: result.p50,
    p95: result.p95,
    target: 'each applied exactly once',
    met: once && !wrong,
    note:
      `${c.receipts} receipts stored, ${c.applied} applied, ${c.paid}/${n} notices paid, ${c.movements} wallet top-ups (${c.cents} cents; expected ${n * TOP_UP_CENTS})` +
      (refused ? `; ${refused} answered 503 (not stored), ${redelivered} redelivered afterwards as the nodo does` : '') +
      (wrong ? `; unexpected: ${wrong}` : ''),
  };
}
