import { z } from 'zod';
import { dayField, fiscalCodeField, ibanField } from '../../../web/forms.ts';
import { pageNumber } from '../../family/page.ts';

const NAME = /^[\p{L}' .-]+$/u;
const PHONE = /^\+?[0-9][0-9 ./-]{5,19}$/;

const text = (missing: string, max: number, tooLong: string) => z.string({ error: missing }).trim().min(1, missing).max(max, tooLong);
const personName = (missing: string, wrong: string) => text(missing, 60, wrong).regex(NAME, wrong);
const checkbox = z.preprocess((value) => value === 'on' || value === '1' || value === 'true', z.boolean());
const uuidOrEmpty = z
  .string()
  .optional()
  .transform((v) => (v ? v : null));

const residence = {
  residenceStreet: text("Inserisci l'indirizzo di residenza (via e numero civico).", 120, "L'indirizzo è troppo lungo."),
  residenceCity: text('Inserisci il comune di residenza.', 60, 'Il nome del comune è troppo lungo.'),
  residenceZip: z
    .string({ error: 'Inserisci il CAP.' })
    .trim()
    .regex(/^\d{5}$/, 'Il CAP ha 5 cifre.'),
  residenceProv: z
    .string({ error: 'Inserisci la sigla della provincia.' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'La provincia è una sigla di 2 lettere, ad esempio MI.'),
};

export const guardianSchema = z
  .object({
    isCompany: checkbox,
    fiscalCode: fiscalCodeField("Inserisci il codice fiscale dell'intestatario.", { companies: true }),
    firstName: z.string().trim().max(60, 'Il nome è troppo lungo.'),
    lastName: text("Inserisci il cognome (o la ragione sociale) dell'intestatario.", 120, 'Il cognome è troppo lungo.'),
    email: z
      .string()
      .trim()
      .max(254, "L'indirizzo e-mail è troppo lungo.")
      .refine((v) => v === '' || z.email().safeParse(v).success, 'Inserisci un indirizzo e-mail valido, ad esempio nome@esempio.it.')
      .transform((v) => (v === '' ? null : v)),
    phone: z
      .string()
      .trim()
      .max(20, 'Il numero di telefono è troppo lungo.')
      .refine((v) => v === '' || PHONE.test(v), 'Inserisci un numero di telefono valido: solo cifre e spazi, con il + iniziale se serve.')
      .transform((v) => (v === '' ? null : v)),
    ...residence,
    paymentMethod: z.enum(['PAGOPA', 'SDD'], { message: 'Scegli il metodo di pagamento.' }),
    iban: ibanField().transform((v) => (v === '' ? null : v)),
    invoiceDelivery: z.enum(['PORTAL', 'EMAIL', 'POST'], { message: 'Scegli come ricevere i documenti contabili.' }),
  })
  .superRefine((form, ctx) => {
    if (!form.isCompany && !NAME.test(form.firstName))
      ctx.addIssue({
        code: 'custom',
        path: ['firstName'],
        message: "Inserisci il nome dell'intestatario: solo lettere, spazi e apostrofi.",
      });
    if (!form.isCompany && /^\d{11}$/.test(form.fiscalCode))
      ctx.addIssue({
        code: 'custom',
        path: ['fiscalCode'],
        message: 'Un codice di 11 cifre è di una ditta o di un ente: spunta "Ditta o ente".',
      });
    if (form.paymentMethod === 'SDD' && !form.iban)
      ctx.addIssue({ code: 'custom', path: ['iban'], message: "Per l'addebito diretto SEPA inserisci l'IBAN del conto." });
    if (form.invoiceDelivery === 'EMAIL' && !form.email)
      ctx.addIssue({ code: 'custom', path: ['email'], message: "Per ricevere i documenti per e-mail inserisci l'indirizzo e-mail." });
  });
export type GuardianInput = z.infer<typeof guardianSchema>;

// The child's own data is also what a family types in the enrollment pratica: its messages are locale keys.
export const studentSchema = z.object({
  fiscalCode: fiscalCodeField('validation.student.fiscalCode'),
  firstName: personName('validation.student.firstName', 'validation.firstNameLetters'),
  lastName: personName('validation.student.lastName', 'validation.lastNameLetters'),
  birthDate: dayField('validation.student.birthDate'),
  sex: z.enum(['M', 'F'], { message: 'validation.student.sex' }),
  birthPlace: text('validation.student.birthPlace', 60, 'validation.student.birthPlaceTooLong'),
  birthProvince: z
    .string({ error: 'validation.student.birthProvince' })
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2}|EE)$/, 'validation.student.birthProvinceFormat'),
  ...residence,
  schoolId: z.uuid({ message: 'Scegli la scuola.' }),
  classId: uuidOrEmpty,
  badgeNumber: z
    .string()
    .trim()
    .max(20, 'Il numero di badge può avere al massimo 20 caratteri.')
    .refine((v) => v === '' || /^[0-9A-Z-]+$/i.test(v), 'Il numero di badge può contenere solo cifre, lettere e trattini.')
    .optional()
    .transform((v) => (v ? v.toUpperCase() : null)),
});
export type StudentInput = z.infer<typeof studentSchema>;

export const delegateSchema = z.object({
  fiscalCode: fiscalCodeField('Inserisci il codice fiscale del delegato.'),
  firstName: personName('Inserisci il nome del delegato.', 'Il nome può contenere solo lettere, spazi e apostrofi.'),
  lastName: personName('Inserisci il cognome del delegato.', 'Il cognome può contenere solo lettere, spazi e apostrofi.'),
});
export type DelegateInput = z.infer<typeof delegateSchema>;

export const moveSchema = z.object({
  toFiscalCode: fiscalCodeField("Inserisci il codice fiscale dell'intestatario della nuova famiglia.", { companies: true }),
});

export const BADGE_REASONS = ['LOST', 'BROKEN', 'STOLEN', 'OTHER'] as const;
export const replaceBadgeSchema = z.object({
  reason: z.enum(BADGE_REASONS, { message: 'Scegli il motivo della sostituzione.' }),
  newNumber: studentSchema.shape.badgeNumber,
});

export const DOCUMENT_KINDS = ['DIET_CERTIFICATE', 'APPLICATION_DOCUMENT', 'TAX_CERTIFICATE', 'OTHER'] as const;
export const documentSchema = z.object({
  title: text('Dai un titolo al documento.', 120, 'Il titolo può avere al massimo 120 caratteri.'),
  kind: z.enum(DOCUMENT_KINDS, { message: 'Scegli il tipo di documento.' }),
});

export const STATES = ['attivi', 'disattivati', 'tutti'] as const;
export type ListState = (typeof STATES)[number];

/** ?q=…&ordina=…&stato=…&pagina=… of a list; anything unknown falls back to the default. */
export function listQuery<S extends string>(query: Record<string, unknown>, sorts: readonly [S, ...S[]]) {
  const pick = <T extends string>(raw: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.find((value) => value === raw) ?? fallback;
  return {
    q: typeof query.q === 'string' ? query.q.trim().slice(0, 60) : '',
    sort: pick(query.ordina, sorts, sorts[0]),
    state: pick(query.stato, STATES, 'attivi'),
    page: pageNumber(query.pagina),
  };
}
export type ListQuery<S extends string> = ReturnType<typeof listQuery<S>>;
