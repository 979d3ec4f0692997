/** An IBAN as parents see it on screen: country, check digits and the last four characters only. */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (compact.length <= 8) return '*'.repeat(compact.length);
  return `${compact.slice(0, 4)} ${'*'.repeat(compact.length - 8)} ${compact.slice(-4)}`;
}

/** ISO 7064 MOD 97-10 remainder of an alphanumeric string, letters counting A = 10 … Z = 35. */
export function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = char >= 'A' && char <= 'Z' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

const ITALIAN_IBAN = /^IT\d{2}[A-Z]\d{10}[0-9A-Z]{12}$/;

/** An Italian IBAN (27 characters, spaces and case forgiven by the caller) whose check digits are right. */
export function isValidItalianIban(iban: string): boolean {
  return ITALIAN_IBAN.test(iban) && mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

export function hasItalianIbanShape(iban: string): boolean {
  return ITALIAN_IBAN.test(iban);
}

const CREDITOR_ID = /^[A-Z]{2}\d{2}[0-9A-Z]{3}[0-9A-Z]{1,28}$/;

/**
 * A SEPA creditor identifier (e.g. IT66ZZZA1B2C3D4E5F6G7H8): country, check digits, a business code the check
 * leaves out, then the national identifier; the Italian one is 23 characters. The check digits are the IBAN's
 * MOD 97-10 over the national identifier followed by the country and the check digits.
 */
export function isValidCreditorId(id: string): boolean {
  if (!CREDITOR_ID.test(id) || id.length > 35) return false;
  if (id.startsWith('IT') && id.length !== 23) return false;
  return mod97(id.slice(7) + id.slice(0, 4)) === 1;
}
