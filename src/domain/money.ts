/** Integer euro cents: money never travels as a float. */
export type Cents = number;

export function assertCents(n: number): asserts n is Cents {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Not an amount in integer cents: ${n}`);
}

const NBSP = '\u00a0';

/** 123456 → "1.234,56" — the Italian grouping is written by hand because Intl's it-IT skips it below 10.000. */
export function formatEuroPlain(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, '.');
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')}`;
}

/** 123456 → "1.234,56 €" with a no-break space so the symbol never wraps alone. */
export function formatEuro(cents: number): string {
  return `${formatEuroPlain(cents)}${NBSP}€`;
}

/** 123456 → "1234.56": the decimal euros of XML messages (pagoPA, SEPA), written from the cents exactly. */
export function centsToDecimalEuros(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const PLAIN = /^(\d+)(?:,(\d{1,2}))?$/;
const THOUSANDS = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/;
const DOT_DECIMAL = /^(\d+)\.(\d{1,2})$/;

/**
 * A user-typed amount in euros → cents, or null when it is not one.
 * A single dot followed by 1–2 digits is read as a decimal point ("12.50"); otherwise dots group thousands.
 * An optional € sign is tolerated because people copy amounts from printed notices.
 */
export function parseEuroInput(text: string): number | null {
  const cleaned = text.trim().replace(/^€\s*|\s*€$/g, '');
  const match = PLAIN.exec(cleaned) ?? THOUSANDS.exec(cleaned) ?? DOT_DECIMAL.exec(cleaned);
  if (!match) return null;
  const euros = match[1].replace(/\./g, '');
  const decimals = (match[2] ?? '').padEnd(2, '0');
  const cents = Number(BigInt(euros) * 100n + BigInt(decimals));
  return Number.isSafeInteger(cents) ? cents : null;
}

export function sumCents(values: number[]): number {
  let total = 0;
  for (const value of values) {
    assertCents(value);
    total += value;
  }
  assertCents(total);
  return total;
}

/** `percent` of an amount, rounded half up (away from zero) to the cent, computed exactly. */
export function percentOf(cents: number, percent: number): number {
  assertCents(cents);
  const digits = /^(\d+)(?:\.(\d+))?$/.exec(String(percent));
  if (!digits) throw new RangeError(`Not a percentage: ${percent}`);
  const fraction = digits[2] ?? '';
  const numerator = BigInt(Math.abs(cents)) * BigInt(digits[1] + fraction);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  const rounded = (numerator * 2n + denominator) / (denominator * 2n);
  const result = Number(rounded) * Math.sign(cents);
  assertCents(result);
  return result === 0 ? 0 : result;
}
