import { z } from 'zod';
import { dayField, ibanField } from '../../web/forms.ts';

// The characters the SEPA rulebook allows in a mandate reference (MndtId), at most 35.
const MANDATE_REFERENCE = /^[A-Za-z0-9/\-?:().,'+]([A-Za-z0-9/\-?:().,'+ ]{0,33}[A-Za-z0-9/\-?:().,'+])?$/;
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/** A mandate as the clerk copies it from the signed form. */
export const mandateSchema = z.object({
  reference: z
    .string({ error: 'Inserisci il riferimento del mandato.' })
    .trim()
    .min(1, 'Inserisci il riferimento del mandato.')
    .max(35, 'Il riferimento del mandato può avere al massimo 35 caratteri.')
    .regex(MANDATE_REFERENCE, "Il riferimento del mandato può contenere solo lettere senza accenti, cifre, spazi e / - ? : ( ) . , ' +.")
    .refine((v) => !v.startsWith('/') && !v.includes('//'), 'Il riferimento del mandato non può iniziare con / né contenere //.'),
  iban: ibanField("Inserisci l'IBAN del conto da addebitare."),
  bic: z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/\s+/g, '').toUpperCase())
    .refine((v) => v === '' || BIC.test(v), 'Il BIC ha 8 o 11 caratteri, ad esempio BCITITMM.')
    .transform((v) => v || null),
  debtorName: z
    .string({ error: "Inserisci il nome dell'intestatario del conto." })
    .trim()
    .min(1, "Inserisci il nome dell'intestatario del conto.")
    .max(70, "Il nome dell'intestatario del conto può avere al massimo 70 caratteri."),
  signedOn: dayField('Inserisci la data di firma del mandato.'),
});
export type MandateInput = z.output<typeof mandateSchema>;
