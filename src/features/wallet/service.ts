import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db, Tx } from '../../db/client.ts';
import { addDays, romeDateOf, romeInstant, type IsoDate } from '../../domain/dates.ts';
import { sumCents } from '../../domain/money.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import { Prisma, type Tenant, type WalletMovementKind } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import { readTogether } from '../canteen/reads.ts';
import { currentPrices, pricedEnrollmentSelect } from '../pricing/inputs.ts';
import { pageWindow, type Paged } from '../family/page.ts';
import { familyStudentWhere, selectedStudent } from '../family/scope.ts';

type Reader = Db | Tx;

const PAGE_SIZE = 25;
/** Below this many meals of credit the parent is told to top up (seed 003: "credito residuo"). */
export const LOW_BALANCE_MEALS = 3;

/** Wallet balance per student: always the sum of the movements, never a stored figure. */
export async function walletBalances(db: Reader, tenantId: string, studentIds: string[]): Promise<Map<string, number>> {
  const wallets = { tenantId, studentId: { in: studentIds } };
  const [owned, sums] = await readTogether(
    db,
    () => db.wallet.findMany({ where: wallets, select: { id: true, studentId: true } }),
    () => db.walletMovement.groupBy({ by: ['walletId'], where: { tenantId, wallet: wallets }, _sum: { amountCents: true } }),
  );
  const byWallet = new Map(sums.map((s) => [s.walletId, s._sum.amountCents ?? 0]));
  const balances = new Map<string, number>();
  for (const wallet of owned) {
    balances.set(wallet.studentId, (balances.get(wallet.studentId) ?? 0) + (byWallet.get(wallet.id) ?? 0));
  }
  return balances;
}

/**
 * What one canteen meal costs each of these children today (or on the first day of an enrollment that has not
 * started yet), by the one price function: null for a child without an active canteen enrollment, with no
 * price, or whose tariff is not per meal.
 */
export async function mealPricesOf(db: Reader, tenantId: string, studentIds: string[], now: Date): Promise<Map<string, number | null>> {
  const today = romeDateOf(now);
  const enrollments = await db.enrollment.findMany({
    where: { tenantId, studentId: { in: studentIds }, schoolYear: schoolYearOf(today), service: { kind: 'CANTEEN' }, state: 'ACTIVE' },
    select: pricedEnrollmentSelect,
  });
  const quoted = await currentPrices(db, tenantId, enrollments, today);
  const prices = new Map<string, number | null>(studentIds.map((id) => [id, null]));
  enrollments.forEach((e, i) => {
    const price = quoted[i];
    prices.set(e.studentId, price.ok && price.unit === 'PER_MEAL' ? price.cents : null);
  });
  return prices;
}

/** What one canteen meal costs this child this school year (tariff less sibling reduction); null if not per meal. */
export async function mealPriceOf(db: Reader, tenantId: string, studentId: string, now: Date): Promise<number | null> {
  return (await mealPricesOf(db, tenantId, [studentId], now)).get(studentId) ?? null;
}

export function isLowBalance(balanceCents: number, mealCents: number | null): boolean {
  return balanceCents < 0 || (mealCents !== null && balanceCents < LOW_BALANCE_MEALS * mealCents);
}

export interface Period {
  from?: IsoDate;
  to?: IsoDate;
}

export function requirePrepaid(tenant: Pick<Tenant, 'billingMode'>): void {
  // Post-paid Comuni bill meals monthly: there is no virtual account to show.
  if (tenant.billingMode !== 'PREPAID') throw new NotFoundError();
}

/** One line of a child's statement: a movement and its wallet's balance right after it. */
export interface WalletRow {
  id: string;
  occurredAt: Date;
  day: IsoDate;
  kind: WalletMovementKind;
  description: string;
  amountCents: number;
  balanceAfterCents: number;
  serviceName: string;
}

interface StatementWallet {
  id: string;
  serviceName: string;
}

/** The child's wallets (one per service), each with its balance: the sum of its movements. */
async function walletsWithBalance(db: Reader, tenantId: string, studentId: string) {
  const wallets = await db.wallet.findMany({
    where: { tenantId, studentId },
    select: { id: true, service: { select: { name: true } } },
    orderBy: { service: { name: 'asc' } },
  });
  const sums = wallets.length
    ? await db.walletMovement.groupBy({
        by: ['walletId'],
        where: { tenantId, walletId: { in: wallets.map((w) => w.id) } },
        _sum: { amountCents: true },
      })
    : [];
  const sumOf = new Map(sums.map((s) => [s.walletId, s._sum.amountCents ?? 0]));
  return wallets.map((w) => ({ id: w.id, serviceName: w.service.name, balanceCents: sumOf.get(w.id) ?? 0 }));
}

/** The movements of a period of Rome calendar days, as a condition on the instant (so the index serves it). */
function inPeriod(period: Period): Prisma.Sql {
  const from = period.from ? Prisma.sql`AND "occurredAt" >= ${romeInstant(period.from, '00:00')}` : Prisma.empty;
  const to = period.to ? Prisma.sql`AND "occurredAt" < ${romeInstant(addDays(period.to, 1), '00:00')}` : Prisma.empty;
  return Prisma.sql`${from} ${to}`;
}

/**
 * Lines of these wallets' statement matching `where`, each with its wallet's running balance. PostgreSQL sums
 * over the wallet's whole history (tenant first, so the (tenantId, walletId, occurredAt) index serves it), then
 * filters and pages: only the page leaves the database.
 */
async function statementLines(
  db: Reader,
  tenantId: string,
  wallets: StatementWallet[],
  where: Prisma.Sql,
  order: 'ASC' | 'DESC',
  window: { skip: number; take: number },
): Promise<WalletRow[]> {
  const direction = Prisma.raw(order);
  const rows = await db.$queryRaw<(Omit<WalletRow, 'day' | 'serviceName'> & { walletId: string })[]>`
    SELECT id, "walletId", "occurredAt", kind::text AS kind, description, "amountCents", "balanceAfterCents"
    FROM (
      SELECT id, "walletId", "occurredAt", kind, description, "amountCents",
             (sum("amountCents") OVER (PARTITION BY "walletId" ORDER BY "occurredAt", id))::int AS "balanceAfterCents"
      FROM "WalletMovement"
      WHERE "tenantId" = ${tenantId}::uuid AND "walletId" = ANY(${wallets.map((w) => w.id)}::uuid[])
    ) AS statement
    WHERE true ${where}
    ORDER BY "occurredAt" ${direction}, id ${direction}
    LIMIT ${window.take} OFFSET ${window.skip}`;
  const serviceOf = new Map(wallets.map((w) => [w.id, w.serviceName]));
  return rows.map(({ walletId, ...row }) => ({ ...row, day: romeDateOf(row.occurredAt), serviceName: serviceOf.get(walletId)! }));
}

async function countLines(db: Reader, tenantId: string, wallets: StatementWallet[], period: Period): Promise<number> {
  const [{ total }] = await db.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS total FROM "WalletMovement"
    WHERE "tenantId" = ${tenantId}::uuid AND "walletId" = ANY(${wallets.map((w) => w.id)}::uuid[]) ${inPeriod(period)}`;
  return total;
}

/** The "Conto corrente virtuale" page of one child: balances, warning, movements of the period (newest first). */
export async function walletPage(
  db: Db,
  auth: SessionAuth,
  tenant: Pick<Tenant, 'billingMode'>,
  query: { studentId?: string; period: Period; page: number; now: Date },
) {
  requirePrepaid(tenant);
  const { students, student } = await selectedStudent(db, auth, query.studentId);
  const [balances, mealCents] = await Promise.all([
    walletsWithBalance(db, auth.tenantId, student.id),
    mealPriceOf(db, auth.tenantId, student.id, query.now),
  ]);
  const total = balances.length ? await countLines(db, auth.tenantId, balances, query.period) : 0;
  const window = pageWindow(total, query.page, PAGE_SIZE);
  const items = total ? await statementLines(db, auth.tenantId, balances, inPeriod(query.period), 'DESC', window) : [];
  const movements: Paged<WalletRow> = { items, page: window.page, pages: window.pages, total };
  const balanceCents = sumCents(balances.map((b) => b.balanceCents));
  return {
    students,
    student,
    balances,
    balanceCents,
    mealCents,
    low: isLowBalance(balanceCents, mealCents),
    hasWallet: balances.length > 0,
    movements,
  };
}

const CSV_BATCH = 1000;

/**
 * The same movements for the CSV download (oldest first), in batches read by keyset, so a long history is
 * streamed instead of held in memory.
 */
export async function walletCsvLines(
  db: Db,
  auth: SessionAuth,
  tenant: Pick<Tenant, 'billingMode'>,
  query: { studentId?: string; period: Period },
) {
  requirePrepaid(tenant);
  const { student } = await selectedStudent(db, auth, query.studentId);
  const wallets = (await walletsWithBalance(db, auth.tenantId, student.id)).map(({ id, serviceName }) => ({ id, serviceName }));
  async function* batches(): AsyncGenerator<WalletRow[]> {
    let after = Prisma.empty;
    while (wallets.length) {
      const rows = await statementLines(db, auth.tenantId, wallets, Prisma.sql`${inPeriod(query.period)} ${after}`, 'ASC', {
        skip: 0,
        take: CSV_BATCH,
      });
      if (rows.length) yield rows;
      if (rows.length < CSV_BATCH) return;
      const last = rows[rows.length - 1];
      after = Prisma.sql`AND ("occurredAt", id) > (${last.occurredAt}, ${last.id}::uuid)`;
    }
  }
  return { student, batches: batches() };
}

/** One movement of a family's wallet; another family's id is "not found". */
export async function walletMovement(db: Db, auth: SessionAuth, tenant: Pick<Tenant, 'billingMode'>, movementId: string) {
  requirePrepaid(tenant);
  if (!/^[0-9a-f-]{36}$/i.test(movementId)) throw new NotFoundError();
  const movement = await db.walletMovement.findFirst({
    where: { id: movementId, tenantId: auth.tenantId, wallet: { student: familyStudentWhere(auth) } },
    include: {
      wallet: { include: { service: true, student: { include: { school: true, schoolClass: true } } } },
      booking: true,
      receipt: { include: { notice: true } },
    },
  });
  if (!movement) throw new NotFoundError();
  return movement;
}
