import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db, Tx } from '../../db/client.ts';
import { romeDateOf, type IsoDate } from '../../domain/dates.ts';
import { sumCents } from '../../domain/money.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
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

function requirePrepaid(tenant: Pick<Tenant, 'billingMode'>): void {
  // Post-paid Comuni bill meals monthly: there is no virtual account to show.
  if (tenant.billingMode !== 'PREPAID') throw new NotFoundError();
}

/** Every movement of the child's wallets, oldest first, each with the wallet's balance right after it. */
async function movementsWithBalance(db: Reader, tenantId: string, studentId: string) {
  const wallets = await db.wallet.findMany({
    where: { tenantId, studentId },
    include: { service: true, movements: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] } },
    orderBy: { service: { name: 'asc' } },
  });
  const rows = wallets.flatMap((wallet) => {
    let running = 0;
    return wallet.movements.map((m) => {
      running += m.amountCents;
      return { ...m, day: romeDateOf(m.occurredAt), serviceName: wallet.service.name, balanceAfterCents: running };
    });
  });
  rows.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id));
  const balances = wallets.map((w) => ({
    id: w.id,
    serviceName: w.service.name,
    balanceCents: sumCents(w.movements.map((m) => m.amountCents)),
  }));
  return { rows, balances };
}

export type WalletRow = Awaited<ReturnType<typeof movementsWithBalance>>['rows'][number];

const inPeriod = (period: Period) => (row: WalletRow) => (!period.from || row.day >= period.from) && (!period.to || row.day <= period.to);

/** The "Conto corrente virtuale" page of one child: balances, warning, movements of the period (newest first). */
export async function walletPage(
  db: Db,
  auth: SessionAuth,
  tenant: Pick<Tenant, 'billingMode'>,
  query: { studentId?: string; period: Period; page: number; now: Date },
) {
  requirePrepaid(tenant);
  const { students, student } = await selectedStudent(db, auth, query.studentId);
  const [{ rows, balances }, mealCents] = await Promise.all([
    movementsWithBalance(db, auth.tenantId, student.id),
    mealPriceOf(db, auth.tenantId, student.id, query.now),
  ]);
  const balanceCents = sumCents(balances.map((b) => b.balanceCents));
  const filtered = rows.filter(inPeriod(query.period)).reverse();
  const window = pageWindow(filtered.length, query.page, PAGE_SIZE);
  const movements: Paged<WalletRow> = {
    items: filtered.slice(window.skip, window.skip + window.take),
    page: window.page,
    pages: window.pages,
    total: filtered.length,
  };
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

/** The same movements as a spreadsheet (oldest first), for the CSV download. */
export async function walletCsvRows(
  db: Db,
  auth: SessionAuth,
  tenant: Pick<Tenant, 'billingMode'>,
  query: { studentId?: string; period: Period },
) {
  requirePrepaid(tenant);
  const { student } = await selectedStudent(db, auth, query.studentId);
  const { rows } = await movementsWithBalance(db, auth.tenantId, student.id);
  return { student, rows: rows.filter(inPeriod(query.period)) };
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
