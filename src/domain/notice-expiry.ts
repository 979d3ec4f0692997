import { addDays, type IsoDate } from './dates.ts';

/**
 * When a payment notice stops being payable.
 *
 * An invoice notice is a debt: paying it late is still welcome, so it never expires (GPD
 * `switchToExpired: false`, the position stays payable after its due date). A top-up avviso ("pay later"
 * from Ricariche) and a spontaneous-payment notice are offers the parent made for themselves: once past
 * their due date they expire (GPD `switchToExpired: true`), so an old avviso forgotten in a drawer cannot
 * credit a wallet or pay invoices months later; the parent generates a new one instead.
 */

export type NoticePurpose = 'INVOICE' | 'TOP_UP' | 'SPONTANEOUS';

export type ExpiringPurpose = Exclude<NoticePurpose, 'INVOICE'>;

/** Days an expiring notice stays payable after its issue day (due on issue day + N). */
export const NOTICE_VALIDITY_DAYS: Readonly<Record<ExpiringPurpose, number>> = {
  // Printed and paid later at a tabaccheria, a bank or a post office: a month is plenty.
  TOP_UP: 30,
  // Started to pay online right away; if abandoned, its invoices go back to being payable on their own.
  SPONTANEOUS: 7,
};

/** The purposes whose notices expire after their due date (what GPD calls `switchToExpired`). */
export const EXPIRING_PURPOSES = Object.keys(NOTICE_VALIDITY_DAYS) as readonly ExpiringPurpose[];

export function expiresAfterDueDate(purpose: NoticePurpose): purpose is ExpiringPurpose {
  return Object.hasOwn(NOTICE_VALIDITY_DAYS, purpose);
}

/** The due date of an expiring notice issued on a given Rome day. */
export function expiringNoticeDueOn(purpose: ExpiringPurpose, issuedOn: IsoDate): IsoDate {
  return addDays(issuedOn, NOTICE_VALIDITY_DAYS[purpose]);
}

/**
 * Whether a notice is expired on a Rome calendar day: it expires after its due date and is still payable
 * on the due date itself (GPD's due date is the end of that day). A notice without a due date never expires.
 */
export function noticeExpiredOn(notice: { purpose: NoticePurpose; dueOn: IsoDate | null }, day: IsoDate): boolean {
  return expiresAfterDueDate(notice.purpose) && notice.dueOn !== null && notice.dueOn < day;
}
