import { describe, expect, it } from 'vitest';
import {
  APPLICATION_TRANSITIONS,
  canMoveApplication,
  moveApplication,
  type ApplicationState,
  CART_TRANSITIONS,
  canMoveCart,
  canMoveInvoice,
  canMoveNotice,
  IllegalTransitionError,
  INVOICE_TRANSITIONS,
  moveCart,
  moveInvoice,
  moveNotice,
  NOTICE_TRANSITIONS,
  type CartState,
  type InvoiceState,
  type NoticeState,
} from '../../src/domain/state-machines.ts';

/** Every (from, to) pair of a machine, so the tests below cover the whole table, not samples. */
function allPairs<S extends string>(table: Readonly<Record<S, readonly S[]>>): [S, S][] {
  const states = Object.keys(table) as S[];
  return states.flatMap((from) => states.map((to): [S, S] => [from, to]));
}

describe('notice', () => {
  const allowed: [NoticeState, NoticeState][] = [
    ['DRAFT', 'VALID'],
    ['DRAFT', 'CANCELLED'],
    ['VALID', 'PAID'],
    ['VALID', 'CANCELLED'],
    ['VALID', 'EXPIRED'],
  ];

  it.each(allPairs(NOTICE_TRANSITIONS))('%s → %s', (from, to) => {
    const legal = allowed.some(([f, t]) => f === from && t === to);
    expect(canMoveNotice(from, to)).toBe(legal);
    if (legal) expect(moveNotice(from, to)).toBe(to);
    else expect(() => moveNotice(from, to)).toThrow(IllegalTransitionError);
  });

  it('says which move was refused', () => {
    expect(() => moveNotice('PAID', 'CANCELLED')).toThrow('Illegal notice transition from PAID to CANCELLED');
    const error = (() => {
      try {
        moveNotice('EXPIRED', 'PAID');
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toMatchObject({ machine: 'notice', from: 'EXPIRED', to: 'PAID', name: 'IllegalTransitionError' });
  });
});

describe('invoice', () => {
  const allowed: [InvoiceState, InvoiceState][] = [
    ['ISSUED', 'PARTIALLY_PAID'],
    ['ISSUED', 'PAID'],
    ['ISSUED', 'CANCELLED'],
    ['PARTIALLY_PAID', 'PARTIALLY_PAID'],
    ['PARTIALLY_PAID', 'PAID'],
  ];

  it.each(allPairs(INVOICE_TRANSITIONS))('%s → %s', (from, to) => {
    const legal = allowed.some(([f, t]) => f === from && t === to);
    expect(canMoveInvoice(from, to)).toBe(legal);
    if (legal) expect(moveInvoice(from, to)).toBe(to);
    else expect(() => moveInvoice(from, to)).toThrow(IllegalTransitionError);
  });
});

describe('cart', () => {
  const allowed: [CartState, CartState][] = [
    ['OPEN', 'REDIRECTED'],
    ['REDIRECTED', 'RETURNED_OK'],
    ['REDIRECTED', 'RETURNED_CANCEL'],
    ['REDIRECTED', 'RETURNED_ERROR'],
    ['REDIRECTED', 'COMPLETED'],
    ['RETURNED_OK', 'COMPLETED'],
    ['RETURNED_CANCEL', 'COMPLETED'],
    ['RETURNED_ERROR', 'COMPLETED'],
  ];

  it.each(allPairs(CART_TRANSITIONS))('%s → %s', (from, to) => {
    const legal = allowed.some(([f, t]) => f === from && t === to);
    expect(canMoveCart(from, to)).toBe(legal);
    if (legal) expect(moveCart(from, to)).toBe(to);
    else expect(() => moveCart(from, to)).toThrow(IllegalTransitionError);
  });

  it('refuses a state that is not in the table', () => {
    expect(canMoveCart('UNKNOWN' as CartState, 'COMPLETED')).toBe(false);
    expect(() => moveCart('UNKNOWN' as CartState, 'COMPLETED')).toThrow(IllegalTransitionError);
  });
});

describe('application (pratica)', () => {
  const allowed: [ApplicationState, ApplicationState][] = [
    ['DRAFT', 'SUBMITTED'],
    ['SUBMITTED', 'IN_REVIEW'],
    ['IN_REVIEW', 'ACCEPTED'],
    ['IN_REVIEW', 'REJECTED'],
  ];

  it.each(allPairs(APPLICATION_TRANSITIONS))('%s → %s', (from, to) => {
    const legal = allowed.some(([f, t]) => f === from && t === to);
    expect(canMoveApplication(from, to)).toBe(legal);
    if (legal) expect(moveApplication(from, to)).toBe(to);
    else expect(() => moveApplication(from, to)).toThrow(IllegalTransitionError);
  });
});
