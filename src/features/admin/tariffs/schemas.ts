import { z } from 'zod';
import { parseEuroInput } from '../../../domain/money.ts';
import { dayField } from '../../../web/forms.ts';

export const SERVICE_KINDS = ['CANTEEN', 'SCHOOL_BUS', 'PRE_SCHOOL', 'POST_SCHOOL'] as const;
export const SERVICE_BILLINGS = ['PREPAID', 'POSTPAID', 'FLAT_MONTHLY', 'FLAT_INSTALMENTS'] as const;
export const TARIFF_UNITS = ['PER_MEAL', 'PER_MONTH', 'PER_YEAR'] as const;
export const SERVICE_SORTS = ['name', 'code', 'kind'] as const;

const checkbox = z.preprocess((value) => value === 'on' || value === '1' || value === 'true', z.boolean());
// also the ISEE of the family's enrollment pratica: a locale key
const EURO_FORMAT = 'validation.euroFormat';

/** An amount typed in euros ("4,50", "1.234,56"), in cents. */
function euroField(missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .transform((text, ctx) => parseEuroInput(text) ?? (ctx.addIssue({ code: 'custom', message: EURO_FORMAT }), z.NEVER));
}

/** The same, or null when left blank. */
const optionalEuroField = z
  .string()
  .trim()
  .optional()
  .transform((text, ctx) => (text ? (parseEuroInput(text) ?? (ctx.addIssue({ code: 'custom', message: EURO_FORMAT }), z.NEVER)) : null));

const percentText = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,3}$/, message)
    .transform(Number)
    .refine((n) => n <= 100, message);

export const serviceSchema = z
  .object({
    code: z
      .string({ error: 'Indica il codice del servizio.' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9_-]{2,30}$/, 'Il codice può avere da 2 a 30 lettere, cifre, "-" o "_", senza spazi.'),
    name: z
      .string({ error: 'Indica il nome del servizio.' })
      .trim()
      .min(3, 'Indica il nome del servizio (almeno 3 caratteri).')
      .max(80, 'Il nome può avere al massimo 80 caratteri.'),
    kind: z.enum(SERVICE_KINDS, { error: 'Scegli il tipo di servizio.' }),
    billingMode: z.enum(SERVICE_BILLINGS, { error: 'Scegli la modalità di pagamento.' }),
    instalments: z
      .string()
      .trim()
      .optional()
      .transform((text) => (text ? Number(text) : null))
      .refine((n) => n === null || (Number.isInteger(n) && n >= 2 && n <= 12), 'Le rate devono essere da 2 a 12.'),
    active: checkbox,
  })
  .refine((form) => form.billingMode !== 'FLAT_INSTALMENTS' || form.instalments !== null, {
    path: ['instalments'],
    message: 'Indica in quante rate si paga la quota.',
  })
  .transform((form) => ({ ...form, instalments: form.billingMode === 'FLAT_INSTALMENTS' ? form.instalments : null }));

/** A band of a tariff table, in one version; the same fields make a first version, an edit or a new version. */
export const bandSchema = z
  .object({
    code: z
      .string({ error: 'Indica il codice della fascia.' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9_-]{1,30}$/, 'Il codice della fascia può avere fino a 30 lettere, cifre, "-" o "_", senza spazi.'),
    description: z
      .string({ error: 'Descrivi la fascia.' })
      .trim()
      .min(3, 'Descrivi la fascia (almeno 3 caratteri).')
      .max(120, 'La descrizione può avere al massimo 120 caratteri.'),
    unit: z.enum(TARIFF_UNITS, { error: "Scegli l'unità della tariffa." }),
    amount: euroField("Indica l'importo della tariffa."),
    iseeFrom: optionalEuroField,
    iseeTo: optionalEuroField,
    siblingReduction: percentText('La riduzione per il secondo figlio è una percentuale da 0 a 100.'),
    laterSiblingReduction: z
      .preprocess(
        (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
        percentText('La riduzione dal terzo figlio è una percentuale da 0 a 100 (vuoto: come il secondo).').optional(),
      )
      .transform((n) => n ?? null),
    validFrom: dayField('Indica da quando vale la tariffa.'),
  })
  .refine((form) => form.iseeFrom === null || form.iseeTo === null || form.iseeFrom <= form.iseeTo, {
    path: ['iseeTo'],
    message: "Il limite superiore dell'ISEE non può essere minore di quello inferiore.",
  });

export type BandForm = z.infer<typeof bandSchema>;

export { euroField, optionalEuroField };

export const simulateSchema = z.object({
  alunno: z.string({ error: "Indica l'alunno." }).trim().min(2, "Indica l'alunno: codice fiscale, badge o cognome."),
  data: dayField('Indica il giorno da simulare.'),
});
