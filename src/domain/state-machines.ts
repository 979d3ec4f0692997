/** The state machines of money and pratiche: each one is a table of allowed moves, and every move goes through it. */

export class IllegalTransitionError extends Error {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`Illegal ${machine} transition from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

function stateMachine<S extends string>(machine: string, table: TransitionTable<S>) {
  const can = (from: S, to: S): boolean => table[from]?.includes(to) ?? false;
  const move = (from: S, to: S): S => {
    if (!can(from, to)) throw new IllegalTransitionError(machine, from, to);
    return to;
  };
  return { can, move };
}

export type NoticeState = 'DRAFT' | 'VALID' | 'PAID' | 'CANCELLED' | 'EXPIRED';

export const NOTICE_TRANSITIONS: TransitionTable<NoticeState> = {
  DRAFT: ['VALID', 'CANCELLED'],
  VALID: ['PAID', 'CANCELLED', 'EXPIRED'],
  PAID: [],
  CANCELLED: [],
  EXPIRED: [],
};

const notice = stateMachine('notice', NOTICE_TRANSITIONS);
export const canMoveNotice = notice.can;
export const moveNotice = notice.move;

export type InvoiceState = 'ISSUED' | 'PARTIALLY_PAID' | 'PAID' | 'CANCELLED';

export const INVOICE_TRANSITIONS: TransitionTable<InvoiceState> = {
  ISSUED: ['PARTIALLY_PAID', 'PAID', 'CANCELLED'],
  // Another instalment on a partly paid invoice is a real event, so it is allowed to stay put.
  PARTIALLY_PAID: ['PARTIALLY_PAID', 'PAID'],
  PAID: [],
  CANCELLED: [],
};

const invoice = stateMachine('invoice', INVOICE_TRANSITIONS);
export const canMoveInvoice = invoice.can;
export const moveInvoice = invoice.move;

export type CartState = 'OPEN' | 'REDIRECTED' | 'RETURNED_OK' | 'RETURNED_CANCEL' | 'RETURNED_ERROR' | 'COMPLETED';

export const CART_TRANSITIONS: TransitionTable<CartState> = {
  OPEN: ['REDIRECTED'],
  // Receipts, not return URLs, prove payment: a cart completes from wherever the parent left it.
  REDIRECTED: ['RETURNED_OK', 'RETURNED_CANCEL', 'RETURNED_ERROR', 'COMPLETED'],
  RETURNED_OK: ['COMPLETED'],
  RETURNED_CANCEL: ['COMPLETED'],
  RETURNED_ERROR: ['COMPLETED'],
  COMPLETED: [],
};

const cart = stateMachine('cart', CART_TRANSITIONS);
export const canMoveCart = cart.can;
export const moveCart = cart.move;

export type ApplicationState = 'DRAFT' | 'SUBMITTED' | 'IN_REVIEW' | 'ACCEPTED' | 'REJECTED';

/** A pratica: the family drafts and submits it, a clerk takes it in review and decides; a decision is final. */
export const APPLICATION_TRANSITIONS: TransitionTable<ApplicationState> = {
  DRAFT: ['SUBMITTED'],
  SUBMITTED: ['IN_REVIEW'],
  IN_REVIEW: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: [],
  REJECTED: [],
};

const application = stateMachine('application', APPLICATION_TRANSITIONS);
export const canMoveApplication = application.can;
export const moveApplication = application.move;
