import { normalizeFiscalCode } from './fiscal-code.ts';
import { checkNoticeNumber, iuvOf } from './notice-number.ts';

/** What a cashier typed in the desk's one search box, read as the key it must be. */
export type DeskQuery =
  | { kind: 'notice'; noticeNumber: string; iuv: string; checkDigitsOk: boolean }
  | { kind: 'fiscalCode'; fiscalCode: string }
  | { kind: 'badge'; badgeNumber: string }
  | { kind: 'name'; words: string[] }
  | { kind: 'invalid' };

const PERSONAL_FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const AUX_DIGIT = '3';

/**
 * 18 digits are a notice number (codice avviso), 17 an IUV (the notice number without its aux digit, as some
 * receipts and bank statements print it); a fiscal code of a person or a company (11 digits); a word with a digit
 * is a badge; anything else is a name. Spaces, dots and dashes inside numbers are ignored, as notices print them
 * in groups. A wrong check digit is reported, never refused: some real notices fail it (PAGOPA.md).
 */
export function parseDeskQuery(raw: string): DeskQuery {
  const text = raw.trim();
  const digits = text.replace(/[\s.-]/g, '');
  if (/^\d{17,18}$/.test(digits)) {
    const noticeNumber = digits.length === 18 ? digits : AUX_DIGIT + digits;
    const { wellFormed, checkDigitsOk } = checkNoticeNumber(noticeNumber);
    if (wellFormed) return { kind: 'notice', noticeNumber, iuv: iuvOf(noticeNumber), checkDigitsOk };
  }
  const code = normalizeFiscalCode(text);
  if (PERSONAL_FISCAL_CODE.test(code) || /^\d{11}$/.test(code)) return { kind: 'fiscalCode', fiscalCode: code };
  if (/\d/.test(text) && /^[\w-]{1,30}$/.test(text)) return { kind: 'badge', badgeNumber: text.toUpperCase() };
  const words = text.split(/\s+/).filter((word) => /^[\p{L}'’-]{2,}$/u.test(word));
  if (words.length === 0 || words.length > 4) return { kind: 'invalid' };
  return { kind: 'name', words };
}
