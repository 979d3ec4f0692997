import { recordAudit, recordAudits, SYSTEM_ACTOR, type Actor } from '../audit.ts';
import { inTransaction, isUniqueViolation, type Db, type Tx } from '../db/client.ts';
import { insertRows } from '../db/bulk.ts';
import { uuidv7 } from '../db/uuid.ts';
import { fromDbDate, toDbDate, type IsoDate } from '../domain/dates.ts';
import { EXPIRING_PURPOSES, expiresAfterDueDate, noticeExpiredOn } from '../domain/notice-expiry.ts';
import { buildNoticeNumber, iuvOf, randomNoticeBase } from '../domain/notice-number.ts';
import { moveNotice } from '../domain/state-machines.ts';
import type { PaymentNotice, Tenant } from '../generated/prisma/client.ts';
import { ConflictError } from '../web/errors.ts';
import type { PagoPaGateway } from './gateway.ts';

export interface NoticeDraft {
  purpose: 'INVOICE' | 'TOP_UP' | 'SPONTANEOUS';
  amountCents: number;
  subject: string;
  dueOn: IsoDate | null;
  debtor: { fiscalCode: string; name: string; isCompany?: boolean; email?: string | null };
  studentId?: string | null;
  walletId?: string | null;
  /** the invoices the notice pays, and how much of each */
  items?: { invoiceId: string; amountCents: number }[];
}

export interface NoticeDeps {
  prisma: Db;
  pagopa: PagoPaGateway;
}

// Taxonomy code for school canteen / school services income, as the Comuni's intermediaries register it.
const TRANSFER_CATEGORY = '9/0101108TS/';
const NUMBER_ATTEMPTS = 8;

/**
 * Issues a notice: stored as DRAFT with a fresh number (retrying on the rare collision), published on
 * pagoPA GPD, then moved to VALID. If pagoPA is down the DRAFT stays, and `publishNotice` finishes it later.
 */
export async function issueNotice(
  deps: NoticeDeps,
  tenant: Tenant,
  draft: NoticeDraft,
  actor: Actor,
  random?: () => number,
): Promise<PaymentNotice> {
  if (!Number.isSafeInteger(draft.amountCents) || draft.amountCents <= 0)
    throw new RangeError(`Not a payable amount: ${draft.amountCents}`);
  const notice = await storeDraftWhen(deps.prisma, tenant, actor, async () => draft, random);
  return publishNotice(deps, tenant, notice!, actor);
}

/**
 * Stores one DRAFT notice with a fresh number (retrying on the rare collision) in a transaction that first runs
 * `decide`: what it reads and the draft are one atomic step, so a check such as "no open notice yet" holds when
 * the draft is written. `decide` answers null for no notice. The caller publishes the draft (`publishNotice`).
 */
export async function storeDraftWhen(
  prisma: Db,
  tenant: Tenant,
  actor: Actor,
  decide: (tx: Tx) => Promise<NoticeDraft | null>,
  random?: () => number,
): Promise<PaymentNotice | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(prisma, async (tx) => {
        const draft = await decide(tx);
        if (!draft) return null;
        const [id] = await storeDraftNotices(tx, tenant, [draft], actor, random);
        return tx.paymentNotice.findUniqueOrThrow({ where: { id, tenantId: tenant.id } });
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= NUMBER_ATTEMPTS) throw error;
    }
  }
}

const NOTICE_COLUMNS = {
  id: 'uuid',
  tenantId: 'uuid',
  noticeNumber: 'text',
  iuv: 'text',
  iupd: 'text',
  purpose: '"NoticePurpose"',
  state: '"NoticeState"',
  amountCents: 'int',
  subject: 'text',
  dueOn: 'date',
  debtorFiscalCode: 'text',
  debtorName: 'text',
  studentId: 'uuid',
  walletId: 'uuid',
  createdBy: 'text',
};

const ITEM_COLUMNS = { id: 'uuid', tenantId: 'uuid', noticeId: 'uuid', invoiceId: 'uuid', amountCents: 'int' };

/**
 * Stores DRAFT notices with fresh numbers, their items and one audit event each, in the caller's transaction, a few
 * statements whatever their number (a billing run stores a chunk of families at once). A number that collides
 * (rare: 13 random digits) fails the transaction with a unique violation: the caller retries it with new numbers.
 * `publishNotice` then registers each on pagoPA. Returns the notices' ids, in the order of the drafts.
 */
export async function storeDraftNotices(
  tx: Tx,
  tenant: Tenant,
  drafts: readonly NoticeDraft[],
  actor: Actor,
  random?: () => number,
): Promise<string[]> {
  const rows = drafts.map((draft) => {
    const noticeNumber = buildNoticeNumber(tenant.segregationCode, randomNoticeBase(random));
    const iuv = iuvOf(noticeNumber);
    return {
      id: uuidv7(),
      tenantId: tenant.id,
      noticeNumber,
      iuv,
      iupd: `${tenant.fiscalCode}-${iuv}`,
      purpose: draft.purpose,
      state: 'DRAFT',
      amountCents: draft.amountCents,
      subject: draft.subject.slice(0, 140),
      dueOn: draft.dueOn,
      debtorFiscalCode: draft.debtor.fiscalCode,
      debtorName: draft.debtor.name,
      studentId: draft.studentId ?? null,
      walletId: draft.walletId ?? null,
      createdBy: actor.label ?? actor.kind,
    };
  });
  await insertRows(tx, 'PaymentNotice', NOTICE_COLUMNS, rows);
  const items = drafts.flatMap((draft, i) =>
    (draft.items ?? []).map((item) => ({
      id: uuidv7(),
      tenantId: tenant.id,
      noticeId: rows[i].id,
      invoiceId: item.invoiceId,
      amountCents: item.amountCents,
    })),
  );
  await insertRows(tx, 'PaymentNoticeItem', ITEM_COLUMNS, items);
  await recordAudits(
    tx,
    rows.map((row) => ({
      tenantId: tenant.id,
      actor,
      action: 'NOTICE_CREATED',
      entityType: 'PaymentNotice',
      entityId: row.id,
      details: { noticeNumber: row.noticeNumber, purpose: row.purpose, amountCents: row.amountCents },
    })),
  );
  return rows.map((row) => row.id);
}

/** Registers a DRAFT notice's debt position on pagoPA (idempotent on the IUPD) and makes it VALID. */
export async function publishNotice(deps: NoticeDeps, tenant: Tenant, notice: PaymentNotice, actor: Actor): Promise<PaymentNotice> {
  if (notice.state !== 'DRAFT') return notice;
  await deps.pagopa.createDebtPosition({
    creditorFiscalCode: tenant.fiscalCode,
    iupd: notice.iupd,
    debtor: {
      type: /^\d{11}$/.test(notice.debtorFiscalCode) ? 'G' : 'F',
      fiscalCode: notice.debtorFiscalCode,
      fullName: notice.debtorName,
    },
    companyName: tenant.name,
    iuv: notice.iuv,
    noticeNumber: notice.noticeNumber,
    amountCents: notice.amountCents,
    description: notice.subject,
    dueOn: notice.dueOn ? fromDbDate(notice.dueOn) : null,
    switchToExpired: expiresAfterDueDate(notice.purpose),
    iban: tenant.iban,
    category: TRANSFER_CATEGORY,
  });
  return inTransaction(deps.prisma, async (tx) => {
    const current = await tx.paymentNotice.findUniqueOrThrow({ where: { id: notice.id, tenantId: notice.tenantId } });
    // A receipt may already have made it PAID (pagoPA knew the position before we recorded it): nothing to do.
    if (current.state !== 'DRAFT') return current;
    const updated = await tx.paymentNotice.update({
      where: { id: notice.id, tenantId: notice.tenantId },
      data: { state: moveNotice('DRAFT', 'VALID') },
    });
    await recordAudit(tx, { tenantId: tenant.id, actor, action: 'NOTICE_PUBLISHED', entityType: 'PaymentNotice', entityId: notice.id });
    return updated;
  });
}

/** Withdraws an unpaid notice: first on pagoPA (so nobody can pay it any more), then here. */
export async function cancelNotice(
  deps: NoticeDeps,
  tenant: Tenant,
  notice: PaymentNotice,
  actor: Actor,
  now: Date,
): Promise<PaymentNotice> {
  if (notice.state !== 'DRAFT' && notice.state !== 'VALID') throw new ConflictError('Questo avviso non può più essere annullato.');
  if (notice.state === 'VALID') await deps.pagopa.invalidateDebtPosition(tenant.fiscalCode, notice.iupd);
  return inTransaction(deps.prisma, async (tx) => {
    const current = await tx.paymentNotice.findUniqueOrThrow({ where: { id: notice.id, tenantId: notice.tenantId } });
    if (current.state === 'CANCELLED') return current;
    if (current.state !== 'DRAFT' && current.state !== 'VALID')
      throw new ConflictError('Questo avviso è già stato pagato e non può essere annullato.');
    const updated = await tx.paymentNotice.update({
      where: { id: notice.id, tenantId: notice.tenantId },
      data: { state: moveNotice(current.state, 'CANCELLED'), cancelledAt: now },
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'NOTICE_CANCELLED',
      entityType: 'PaymentNotice',
      entityId: notice.id,
      details: { noticeNumber: notice.noticeNumber },
    });
    return updated;
  });
}

/**
 * Moves a Comune's VALID notices past their expiry (`noticeExpiredOn`) to EXPIRED, in one transaction with
 * one audit event each; `ids` limits it to some notices. pagoPA is not called: GPD expires a position with
 * `switchToExpired` by itself, and this only records what has already happened there. The update is
 * conditional on the state read, so another instance or a receipt that got there first wins and nothing
 * moves twice. Returns the notices expired.
 */
export async function expireDueNotices(
  prisma: Db,
  tenantId: string,
  today: IsoDate,
  ids?: string[],
): Promise<{ id: string; noticeNumber: string }[]> {
  return inTransaction(prisma, async (tx) => {
    const candidates = await tx.paymentNotice.findMany({
      where: {
        tenantId,
        state: 'VALID',
        purpose: { in: [...EXPIRING_PURPOSES] },
        dueOn: { lt: toDbDate(today) },
        ...(ids ? { id: { in: ids } } : {}),
      },
      select: { id: true, noticeNumber: true, purpose: true, state: true, dueOn: true },
      orderBy: { dueOn: 'asc' },
    });
    const expired: { id: string; noticeNumber: string }[] = [];
    for (const notice of candidates) {
      const dueOn = notice.dueOn ? fromDbDate(notice.dueOn) : null;
      if (!noticeExpiredOn({ purpose: notice.purpose, dueOn }, today)) continue;
      const { count } = await tx.paymentNotice.updateMany({
        where: { id: notice.id, state: notice.state },
        data: { state: moveNotice(notice.state, 'EXPIRED') },
      });
      if (!count) continue;
      await recordAudit(tx, {
        tenantId,
        actor: SYSTEM_ACTOR,
        action: 'NOTICE_EXPIRED',
        entityType: 'PaymentNotice',
        entityId: notice.id,
        details: { noticeNumber: notice.noticeNumber, purpose: notice.purpose, dueOn },
      });
      expired.push({ id: notice.id, noticeNumber: notice.noticeNumber });
    }
    return expired;
  });
}
