import { isIsoDate, type IsoDate } from './dates.ts';

const MONTH_LETTERS = 'ABCDEHLMPRST';
/** Omocodia: when two people would share a code, the Agenzia replaces digits with these letters (0–9). */
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14];

const D = `[0-9${OMOCODIA_LETTERS}]`;
const PERSONAL_FORMAT = new RegExp(`^[A-Z]{6}${D}{2}[${MONTH_LETTERS}]${D}{2}[A-Z]${D}{3}[A-Z]$`);

// Official table for characters in odd positions (1st, 3rd, … counting from 1); digits map like A–J.
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function charIndex(c: string): number {
  return c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
}

export function normalizeFiscalCode(raw: string): string {
  return raw
    .trim()
    .replace(/^TINIT-/i, '')
    .toUpperCase()
    .replace(/\s+/g, '');
}

export function fiscalCodeCheckCharacter(first15: string): string {
  if (!/^[A-Z0-9]{15}$/.test(first15)) throw new RangeError(`Not the first 15 characters of a fiscal code: ${first15}`);
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const index = charIndex(first15[i]);
    sum += i % 2 === 0 ? ODD_VALUES[index] : index;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** The code with omocodia letters turned back into digits. */
function withoutOmocodia(cf: string): string {
  const chars = cf.split('');
  for (const p of DIGIT_POSITIONS) {
    const k = OMOCODIA_LETTERS.indexOf(chars[p]);
    if (k >= 0) chars[p] = String(k);
  }
  return chars.join('');
}

/** Why a personal code is not valid: its shape (omocodia letters allowed), or a wrong check character; null if valid. */
export function personalFiscalCodeProblem(cf: string): 'format' | 'check' | null {
  if (!PERSONAL_FORMAT.test(cf)) return 'format';
  const day = Number(withoutOmocodia(cf).slice(9, 11));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return 'format';
  return fiscalCodeCheckCharacter(cf.slice(0, 15)) === cf[15] ? null : 'check';
}

export function isValidPersonalFiscalCode(cf: string): boolean {
  return personalFiscalCodeProblem(cf) === null;
}

/**
 * What a valid personal code says of its holder's birth. Only the last two digits of the year are in it,
 * and a woman's day has 40 added.
 */
export function birthDataOf(cf: string): { yearInCentury: number; month: number; day: number; sex: 'M' | 'F' } {
  const plain = withoutOmocodia(cf);
  const dayPart = Number(plain.slice(9, 11));
  return {
    yearInCentury: Number(plain.slice(6, 8)),
    month: MONTH_LETTERS.indexOf(plain[8]) + 1,
    day: dayPart > 40 ? dayPart - 40 : dayPart,
    sex: dayPart > 40 ? 'F' : 'M',
  };
}

/** Which of birth date and sex disagree with a valid personal code (a warning for the office, not a refusal). */
export function birthDataMismatches(cf: string, person: { birthDate: IsoDate; sex: 'M' | 'F' }): ('birthDate' | 'sex')[] {
  const coded = birthDataOf(cf);
  const [year, month, day] = person.birthDate.split('-').map(Number);
  const mismatches: ('birthDate' | 'sex')[] = [];
  if (coded.yearInCentury !== year % 100 || coded.month !== month || coded.day !== day) mismatches.push('birthDate');
  if (coded.sex !== person.sex) mismatches.push('sex');
  return mismatches;
}

export function isValidVatNumber(piva: string): boolean {
  if (!/^\d{11}$/.test(piva)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = Number(piva[i]);
    if (i % 2 === 0) sum += digit;
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return (10 - (sum % 10)) % 10 === Number(piva[10]);
}

/** Companies and public bodies have an 11-digit fiscal code built like a partita IVA, check digit included. */
export function isValidFiscalCode(code: string): boolean {
  return isValidPersonalFiscalCode(code) || isValidVatNumber(code);
}

function lettersOnly(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

function split(name: string): { consonants: string; vowels: string } {
  const letters = lettersOnly(name);
  return { consonants: letters.replace(/[AEIOU]/g, ''), vowels: letters.replace(/[^AEIOU]/g, '') };
}

function surnamePart(lastName: string): string {
  const { consonants, vowels } = split(lastName);
  return (consonants + vowels + 'XXX').slice(0, 3);
}

function firstNamePart(firstName: string): string {
  const { consonants, vowels } = split(firstName);
  if (consonants.length >= 4) return consonants[0] + consonants[2] + consonants[3];
  return (consonants + vowels + 'XXX').slice(0, 3);
}

export function buildFiscalCode(p: {
  lastName: string;
  firstName: string;
  birthDate: IsoDate;
  sex: 'M' | 'F';
  cadastralCode: string;
}): string {
  if (!isIsoDate(p.birthDate)) throw new RangeError(`Not an ISO date: ${p.birthDate}`);
  if (!/^[A-Z]\d{3}$/.test(p.cadastralCode)) throw new RangeError(`Not a cadastral code: ${p.cadastralCode}`);
  const [year, month, day] = p.birthDate.split('-');
  const dayPart = String(Number(day) + (p.sex === 'F' ? 40 : 0)).padStart(2, '0');
  const first15 =
    surnamePart(p.lastName) + firstNamePart(p.firstName) + year.slice(2) + MONTH_LETTERS[Number(month) - 1] + dayPart + p.cadastralCode;
  return first15 + fiscalCodeCheckCharacter(first15);
}

export function maskFiscalCode(cf: string): string {
  return cf.slice(0, 6) + '*'.repeat(Math.max(0, cf.length - 6));
}
