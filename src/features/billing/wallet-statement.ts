// The monthly statement of a prepaid family's wallets (estratto conto mensile): for each child's wallet, the
// balance at the start of the month, the month's movements with the running balance, and the closing balance.
// For the families' records only — no invoice, nothing to pay. The parent downloads it from the wallet page;
// the monthly run of a prepaid Comune can produce it for every family with the same function.
import type { Db } from '../../db/client.ts';
import { addDays, formatItalianDate, formatItalianDateTime, monthIn, romeInstant } from '../../domain/dates.ts';
import { formatEuro, sumCents } from '../../domain/money.ts';
import type { Tenant, WalletMovementKind } from '../../generated/prisma/client.ts';
import { drawFields, drawFooters, drawHeader, drawSection, drawTable, newPdf, pdfBytes } from '../../pdf/blocks.ts';
import { NotFoundError } from '../../web/errors.ts';
import type { Language, Translate } from '../../web/i18n.ts';

export interface StatementMovement {
  occurredAt: Date;
  kind: WalletMovementKind;
  description: string;
  amountCents: number;
  balanceAfterCents: number;
}

export interface StatementWallet {
  studentName: string;
  badgeNumber: string;
  serviceName: string;
  openingCents: number;
  closingCents: number;
  movements: StatementMovement[];
}

export interface WalletStatement {
  /** YYYY-MM */
  month: string;
  from: string;
  to: string;
  holder: { name: string; fiscalCode: string };
  wallets: StatementWallet[];
}

export function isStatementMonth(month: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
}

function monthBounds(month: string): { from: string; to: string; start: Date; end: Date } {
  if (!isStatementMonth(month)) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  const from = `${month}-01`;
  const next = addDays(`${month}-28`, 7).slice(0, 7);
  const to = addDays(`${next}-01`, -1);
  return { from, to, start: romeInstant(from, '00:00'), end: romeInstant(`${next}-01`, '00:00') };
}

/**
 * The statement of one family (an intestatario) for a month, from the movements alone: balances are sums, never a
 * stored figure. `studentIds` narrows it to the children a delegate may see; a family with no wallet is 404.
 */
export async function walletStatement(
  db: Db,
  tenantId: string,
  family: { guardianId: string; studentIds?: string[] },
  month: string,
): Promise<WalletStatement> {
  const { from, to, start, end } = monthBounds(month);
  const guardian = await db.guardian.findFirst({ where: { id: family.guardianId, tenantId } });
  if (!guardian) throw new NotFoundError();
  const wallets = await db.wallet.findMany({
    where: { tenantId, student: { tenantId, guardianId: guardian.id, ...(family.studentIds ? { id: { in: family.studentIds } } : {}) } },
    include: { student: { select: { firstName: true, lastName: true, badgeNumber: true } }, service: { select: { name: true } } },
    orderBy: [{ student: { lastName: 'asc' } }, { student: { firstName: 'asc' } }, { service: { name: 'asc' } }],
  });
  if (wallets.length === 0) throw new NotFoundError();
  const walletIds = wallets.map((w) => w.id);
  const [openings, movements] = await Promise.all([
    db.walletMovement.groupBy({
      by: ['walletId'],
      where: { tenantId, walletId: { in: walletIds }, occurredAt: { lt: start } },
      _sum: { amountCents: true },
    }),
    db.walletMovement.findMany({
      where: { tenantId, walletId: { in: walletIds }, occurredAt: { gte: start, lt: end } },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      select: { walletId: true, occurredAt: true, kind: true, description: true, amountCents: true },
    }),
  ]);
  const openingOf = new Map(openings.map((o) => [o.walletId, o._sum.amountCents ?? 0]));
  return {
    month,
    from,
    to,
    holder: { name: `${guardian.firstName} ${guardian.lastName}`.trim(), fiscalCode: guardian.fiscalCode },
    wallets: wallets.map((wallet) => {
      const openingCents = openingOf.get(wallet.id) ?? 0;
      let balance = openingCents;
      const rows = movements
        .filter((m) => m.walletId === wallet.id)
        .map(({ walletId: _, ...m }) => {
          balance += m.amountCents;
          return { ...m, balanceAfterCents: balance };
        });
      return {
        studentName: `${wallet.student.firstName} ${wallet.student.lastName}`,
        badgeNumber: wallet.student.badgeNumber,
        serviceName: wallet.service.name,
        openingCents,
        closingCents: openingCents + sumCents(rows.map((r) => r.amountCents)),
        movements: rows,
      };
    }),
  };
}

/** The statement as a PDF: the Comune's header, the holder, then one block and table per wallet. */
export function renderWalletStatementPdf(t: Translate, lang: Language, tenant: Tenant, statement: WalletStatement): Promise<Buffer> {
  const monthName = monthIn(statement.from, lang);
  const title = t('pdf.statement.title', { month: monthName });
  const from = formatItalianDate(statement.from);
  const to = formatItalianDate(statement.to);
  const doc = newPdf({ title, author: tenant.name });
  drawHeader(doc, {
    issuer: tenant.name,
    issuerLines: [`${tenant.officeName} — ${tenant.officeAddress}`, `${tenant.officePhone} — ${tenant.officeEmail}`],
    title,
    subtitle: t('pdf.statement.subtitle', { from, to }),
  });
  drawFields(
    doc,
    [
      [t('pdf.invoice.name'), statement.holder.name],
      [t('pdf.invoice.fiscalCode'), statement.holder.fiscalCode],
    ],
    { heading: t('pdf.invoice.holder') },
  );
  for (const wallet of statement.wallets) {
    const credits = sumCents(wallet.movements.filter((m) => m.amountCents > 0).map((m) => m.amountCents));
    const debits = sumCents(wallet.movements.filter((m) => m.amountCents < 0).map((m) => m.amountCents));
    drawFields(
      doc,
      [
        [t('pdf.statement.opening', { date: from }), formatEuro(wallet.openingCents)],
        [t('pdf.statement.credits'), formatEuro(credits)],
        [t('pdf.statement.debits'), formatEuro(debits)],
        [t('pdf.statement.closing', { date: to }), formatEuro(wallet.closingCents)],
      ],
      { heading: t('pdf.statement.wallet', { student: wallet.studentName, service: wallet.serviceName, badge: wallet.badgeNumber }) },
    );
    const rows = wallet.movements.map((m) => [
      formatItalianDateTime(m.occurredAt),
      t(`wallet.kinds.${m.kind}`),
      m.description,
      formatEuro(m.amountCents),
      formatEuro(m.balanceAfterCents),
    ]);
    drawTable(
      doc,
      [
        { header: t('pdf.statement.date'), width: 2.2 },
        { header: t('pdf.statement.kind'), width: 1.6 },
        { header: t('pdf.statement.description'), width: 4.4 },
        { header: t('pdf.statement.amount'), width: 1.6, align: 'right' },
        { header: t('pdf.statement.balance'), width: 1.6, align: 'right' },
      ],
      [
        [from, '', t('pdf.statement.opening', { date: from }), '', formatEuro(wallet.openingCents)],
        ...(rows.length ? rows : [['', '', t('pdf.statement.noMovements'), '', '']]),
      ],
      [to, '', t('pdf.statement.closing', { date: to }), '', formatEuro(wallet.closingCents)],
    );
  }
  drawSection(doc, t('pdf.statement.noteTitle'), [t('pdf.statement.note')]);
  drawFooters(doc, t, `${tenant.name} — ${title}`);
  return pdfBytes(doc);
}
