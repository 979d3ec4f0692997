/** SEPA direct debit (SDD Core) rules that know nothing of files or databases. */
import { addDays, isoWeekday, type IsoDate } from './dates.ts';

export type SequenceType = 'FRST' | 'RCUR';

/** The first debit on a mandate is FRST, every later one RCUR (the bank checks the pair against its records). */
export function sequenceTypeOf(mandate: { firstCollectedOn: Date | IsoDate | null }): SequenceType {
  return mandate.firstCollectedOn === null ? 'FRST' : 'RCUR';
}

/** The reason codes banks put on an SDD return (R-transaction), as the office reads them. */
export const RETURN_REASONS: Readonly<Record<string, string>> = {
  AC01: 'IBAN errato',
  AC04: 'conto chiuso',
  AC06: 'conto bloccato',
  AC13: 'conto del debitore non abilitato (conto di un consumatore)',
  AG01: 'addebito non consentito su questo conto',
  AG02: 'codice operazione non valido',
  AM04: 'fondi insufficienti',
  AM05: 'addebito duplicato',
  BE05: 'creditore non riconosciuto',
  CNOR: 'banca del creditore non raggiungibile',
  DNOR: 'banca del debitore non raggiungibile',
  FF01: 'file non valido',
  MD01: 'mandato assente',
  MD02: 'dati del mandato mancanti o errati',
  MD06: 'rimborso richiesto dal debitore',
  MD07: 'debitore deceduto',
  MS02: 'rifiutato dal debitore',
  MS03: 'motivo non specificato dalla banca',
  RC01: 'BIC errato',
  RR01: 'dati del debitore mancanti (regolamento)',
  RR02: 'nome o indirizzo del debitore mancante',
  RR03: 'nome o indirizzo del creditore mancante',
  RR04: 'motivi regolamentari',
  SL01: 'servizio specifico della banca del debitore',
};

/** "AM04 — fondi insufficienti"; an unknown code is kept as the bank wrote it. */
export function returnReasonText(code: string | null | undefined): string {
  const clean = (code ?? '').trim().toUpperCase();
  if (!clean) return 'motivo non indicato';
  const meaning = RETURN_REASONS[clean];
  return meaning ? `${clean} — ${meaning}` : clean;
}

/**
 * Integer cents as the euros a SEPA library takes: cents / 100 is the double nearest to the decimal amount, so
 * its two-digit rendering is exactly the cents (checked for every amount a Comune could bill).
 */
export function sepaEuros(cents: number): number {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError(`Not a positive amount in cents: ${cents}`);
  return cents / 100;
}

// The Latin character set of the SEPA rulebook; anything else (accents, symbols) is transliterated or dropped.
const NOT_SEPA = /[^A-Za-z0-9/\-?:().,'+ ]/g;

/** Text for a SEPA field: accents off ("Niccolò" → "Niccolo"), other characters dropped, at most `max`. */
export function sepaText(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/&/g, '+')
    .replace(NOT_SEPA, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
}

/** Western Easter Sunday (anonymous Gregorian algorithm). */
function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A TARGET2 business day, the calendar SEPA debits settle on: not a weekend, New Year, Easter, 1 May or Christmas. */
export function isSepaBusinessDay(day: IsoDate): boolean {
  if (isoWeekday(day) > 5) return false;
  const monthDay = day.slice(5);
  if (['01-01', '05-01', '12-25', '12-26'].includes(monthDay)) return false;
  const easter = easterSunday(Number(day.slice(0, 4)));
  return day !== addDays(easter, -2) && day !== addDays(easter, 1);
}

/** The first business day after `today`: the earliest collection date a clerk may ask of the bank. */
export function nextSepaBusinessDay(today: IsoDate): IsoDate {
  let day = addDays(today, 1);
  while (!isSepaBusinessDay(day)) day = addDays(day, 1);
  return day;
}
