import { actorOf, recordAudit } from '../../audit.ts';
import type { SessionAuth } from '../../auth/session-auth.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import { moveCart } from '../../domain/state-machines.ts';
import type { NoticeState } from '../../generated/prisma/enums.ts';
import { NotFoundError } from '../../web/errors.ts';

export type ReturnOutcome = 'ok' | 'annullato' | 'errore' | 'attesa';

/** What the return page says overall: receipts decide "paid"; the way back only tells cancelled from failed. */
export type CartVerdict = 'PAID' | 'PARTLY_PAID' | 'PENDING' | 'CANCELLED' | 'FAILED';

/** What one notice of the cart is for and where it stands, as the page words it. */
export interface NoticeOutcome {
  id: string;
  noticeNumber: string;
  subject: string;
  payer: string;
  amountCents: number;
  state: 'PAID' | 'CHECKING' | 'NOT_PAID';
  /** a top-up credits a child's account; anything else pays documents */
  kind: 'TOP_UP' | 'DOCUMENTS';
  /** top-up: whose account; documents: their numbers */
  studentName: string | null;
  documents: string[];
}

/** One sentence of the page: a top-up each, the documents grouped by where they stand. */
export interface OutcomeLine {
  kind: NoticeOutcome['kind'];
  state: NoticeOutcome['state'];
  amountCents: number;
  studentName: string | null;
  documents: string[];
}

const RETURN_STATE = { ok: 'RETURNED_OK', annullato: 'RETURNED_CANCEL', errore: 'RETURNED_ERROR' } as const;

const isOpen = (state: NoticeState) => state === 'VALID' || state === 'DRAFT';

/** A notice still open after "Annulla" or an error was not paid; after "ok" (or while waiting) its receipt is awaited. */
function noticeState(state: NoticeState, outcome: ReturnOutcome): NoticeOutcome['state'] {
  if (state === 'PAID') return 'PAID';
  return isOpen(state) && (outcome === 'ok' || outcome === 'attesa') ? 'CHECKING' : 'NOT_PAID';
}

function outcomeLines(notices: NoticeOutcome[]): OutcomeLine[] {
  const lines: OutcomeLine[] = [];
  for (const notice of notices) {
    const same = notice.kind === 'DOCUMENTS' && lines.find((line) => line.kind === 'DOCUMENTS' && line.state === notice.state);
    if (same) {
      same.documents.push(...notice.documents);
      same.amountCents += notice.amountCents;
    } else {
      const { kind, state, amountCents, studentName, documents } = notice;
      lines.push({ kind, state, amountCents, studentName, documents: [...documents] });
    }
  }
  for (const line of lines) line.documents.sort();
  return lines;
}

function cartVerdict(states: NoticeOutcome['state'][], outcome: ReturnOutcome): CartVerdict {
  if (states.every((s) => s === 'PAID')) return 'PAID';
  if (states.some((s) => s === 'PAID')) return 'PARTLY_PAID';
  if (states.some((s) => s === 'CHECKING')) return 'PENDING';
  return outcome === 'errore' ? 'FAILED' : 'CANCELLED';
}

/**
 * The parent is back from checkout. We note which way they came back (for the record only) and report
 * what the receipts say about each notice.
 */
export async function cartOutcome(prisma: Db, auth: SessionAuth, cartId: string, outcome: ReturnOutcome, now: Date) {
  if (!/^[0-9a-f-]{36}$/i.test(cartId)) throw new NotFoundError();
  const where = { id: cartId, tenantId: auth.tenantId, guardianId: { in: auth.guardianIds } };
  const exists = await prisma.checkoutCart.findFirst({ where, select: { id: true } });
  if (!exists) throw new NotFoundError();
  if (outcome !== 'attesa') {
    await inTransaction(prisma, async (tx) => {
      const cart = await tx.checkoutCart.findUniqueOrThrow({ where: { id: cartId, tenantId: auth.tenantId } });
      if (cart.state !== 'REDIRECTED') return;
      await tx.checkoutCart.update({
        where: { id: cartId, tenantId: auth.tenantId },
        data: { state: moveCart('REDIRECTED', RETURN_STATE[outcome]), returnedAt: now },
      });
      await recordAudit(tx, {
        tenantId: auth.tenantId,
        actor: actorOf(auth),
        action: 'CART_RETURNED',
        entityType: 'CheckoutCart',
        entityId: cartId,
        details: { outcome },
      });
    });
  }
  const cart = await prisma.checkoutCart.findFirstOrThrow({
    where,
    include: {
      notices: {
        include: {
          notice: {
            include: {
              student: true,
              items: { include: { invoice: { select: { number: true } } } },
            },
          },
        },
      },
    },
  });
  const notices: NoticeOutcome[] = cart.notices.map(({ notice }) => {
    const studentName = notice.student ? `${notice.student.firstName} ${notice.student.lastName}` : null;
    return {
      id: notice.id,
      noticeNumber: notice.noticeNumber,
      subject: notice.subject,
      payer: studentName ?? notice.debtorName,
      amountCents: notice.amountCents,
      state: noticeState(notice.state, outcome),
      kind: notice.purpose === 'TOP_UP' ? 'TOP_UP' : 'DOCUMENTS',
      studentName,
      documents: notice.items.map((item) => item.invoice.number),
    };
  });
  return {
    notices,
    lines: outcomeLines(notices),
    verdict: cartVerdict(
      notices.map((n) => n.state),
      outcome,
    ),
  };
}
