/** pagoPA notice numbers (NAV) with aux digit 3: "3" + segregation code (2) + base (13) + check digits (2). */

const AUX_DIGIT = '3';

function checkDigitsOf(first16: string): string {
  return String(BigInt(first16) % 93n).padStart(2, '0');
}

export function noticeCheckDigits(segregationCode: string, base13: string): string {
  if (!/^\d{2}$/.test(segregationCode)) throw new RangeError(`Not a segregation code: ${segregationCode}`);
  if (!/^\d{13}$/.test(base13)) throw new RangeError(`Not a 13-digit notice base: ${base13}`);
  return checkDigitsOf(AUX_DIGIT + segregationCode + base13);
}

export function buildNoticeNumber(segregationCode: string, base13: string): string {
  return AUX_DIGIT + segregationCode + base13 + noticeCheckDigits(segregationCode, base13);
}

/**
 * The IUV inside a notice number. With aux digit 0 (legacy) the two digits after it are the
 * application code, which is not part of the IUV.
 */
export function iuvOf(noticeNumber: string): string {
  if (!/^[0-3]\d{17}$/.test(noticeNumber)) throw new RangeError(`Not a notice number: ${noticeNumber}`);
  return noticeNumber.startsWith('0') ? noticeNumber.slice(3) : noticeNumber.slice(1);
}

/**
 * For numbers typed from outside: some real notices fail the check digits, so callers only warn.
 * Aux digit 1 carries no check digits at all.
 */
export function checkNoticeNumber(nav: string): { wellFormed: boolean; checkDigitsOk: boolean } {
  if (!/^[0-3]\d{17}$/.test(nav)) return { wellFormed: false, checkDigitsOk: false };
  if (nav.startsWith('1')) return { wellFormed: true, checkDigitsOk: true };
  return { wellFormed: true, checkDigitsOk: checkDigitsOf(nav.slice(0, 16)) === nav.slice(16) };
}

export function randomNoticeBase(random: () => number = Math.random): string {
  let base = '';
  for (let i = 0; i < 13; i++) base += String(Math.min(9, Math.floor(random() * 10)));
  return base;
}

/** "302032002700000251" → "3020 3200 2700 0002 51", as printed on the notice. */
export function formatNoticeNumber(nav: string): string {
  return (nav.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

function creditorCode(creditorFiscalCode: string): string {
  if (!/^\d{1,11}$/.test(creditorFiscalCode)) {
    throw new RangeError(`Not a creditor fiscal code: ${creditorFiscalCode}`);
  }
  return creditorFiscalCode.padStart(11, '0');
}

function assertNoticeNumber(nav: string): void {
  if (!checkNoticeNumber(nav).wellFormed) throw new RangeError(`Not a notice number: ${nav}`);
}

export function noticeQrPayload(nav: string, creditorFiscalCode: string, amountCents: number): string {
  assertNoticeNumber(nav);
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw new RangeError(`Not a payable amount in cents: ${amountCents}`);
  }
  return `PAGOPA|002|${nav}|${creditorCode(creditorFiscalCode)}|${amountCents}`;
}

/** The id the IO app and Checkout use: creditor fiscal code (11) + notice number (18). */
export function rptId(creditorFiscalCode: string, nav: string): string {
  assertNoticeNumber(nav);
  return creditorCode(creditorFiscalCode) + nav;
}
