// Shapes of the demo families, shared by the two Comuni's family lists.
import { buildFiscalCode } from '../../src/domain/fiscal-code.ts';
import type { IsoDate } from '../../src/domain/dates.ts';
import type { DemoIdentity } from './identities.ts';
import type { SchoolKindKey } from './context.ts';

/** Birth places: province and codice catastale. */
export const PLACES = {
  Milano: ['MI', 'F205'],
  Monza: ['MB', 'F704'],
  Legnano: ['MI', 'E514'],
  Magenta: ['MI', 'E801'],
  Bergamo: ['BG', 'A794'],
  Seriate: ['BG', 'I628'],
  Brescia: ['BS', 'B157'],
  Pavia: ['PV', 'G388'],
  Torino: ['TO', 'L219'],
  Roma: ['RM', 'H501'],
  Napoli: ['NA', 'F839'],
  Palermo: ['PA', 'G273'],
} as const;
export type Place = keyof typeof PLACES;

/** How the wallet of a prepaid student ends up: comfortably positive, below three meals, or in debt. */
export type WalletProfile = 'NORMAL' | 'LOW' | 'NEGATIVE';
/** Which of a post-paid family's invoices are paid: all, all but the newest month, none. */
export type PaymentHabit = 'ALL' | 'ALL_BUT_LAST' | 'NONE';

export interface StudentSpec {
  firstName: string;
  lastName: string;
  sex: 'M' | 'F';
  birthDate: IsoDate;
  birthPlace: Place;
  school: SchoolKindKey;
  className: string;
  diet?: { code: string; note: string };
  bus?: boolean;
  /** prepaid Comune: the wallet's outcome and whether a balance was carried over from last year */
  wallet?: WalletProfile;
  carriedOver?: boolean;
  /** post-paid Comune: overrides the family's habit */
  payment?: PaymentHabit;
  /** a closed prolonged absence (disdetta prolungata) */
  prolongedAbsence?: { from: IsoDate; to: IsoDate };
  /** future ABSENT requests: the n-th service days after today (1 = the first) */
  futureAbsences?: number[];
}

export interface GuardianSpec {
  fiscalCode: string;
  firstName: string;
  lastName: string;
  isCompany?: boolean;
  email: string | null;
  phone: string | null;
  street: string;
  /** residence outside the Comune; defaults to the Comune's own */
  residence?: { city: string; zip: string; province: string };
  paymentMethod?: 'PAGOPA' | 'SDD';
  iban?: string;
  invoiceDelivery?: 'PORTAL' | 'EMAIL' | 'POST';
}

export interface FamilySpec {
  guardian: GuardianSpec;
  iseeCents: number | null;
  delegate?: { fiscalCode: string; firstName: string; lastName: string };
  /** prepaid Comune: how the family tops up */
  topUps?: 'PAGOPA' | 'SDD' | 'DESK';
  payment?: PaymentHabit;
  students: StudentSpec[];
}

export function personCode(firstName: string, lastName: string, sex: 'M' | 'F', birthDate: IsoDate, place: Place): string {
  return buildFiscalCode({ firstName, lastName, sex, birthDate, cadastralCode: PLACES[place][1] });
}

export function guardianFromIdentity(
  id: DemoIdentity,
  rest: Omit<GuardianSpec, 'fiscalCode' | 'firstName' | 'lastName' | 'email'>,
): GuardianSpec {
  return { fiscalCode: id.fiscalCode, firstName: id.firstName, lastName: id.lastName, email: id.email, ...rest };
}

export function delegateFromIdentity(id: DemoIdentity): FamilySpec['delegate'] {
  return { fiscalCode: id.fiscalCode, firstName: id.firstName, lastName: id.lastName };
}
