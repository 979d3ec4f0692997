import { z } from 'zod';
import { isValidPersonalFiscalCode, normalizeFiscalCode } from '../../domain/fiscal-code.ts';

const PERSONAL_FORMAT = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const NAME = /^[\p{L}' .-]+$/u;

const personName = (empty: string, wrong: string) => z.string().trim().min(1, empty).max(60, wrong).regex(NAME, wrong);

export const addDelegateSchema = z.object({
  codiceFiscale: z
    .string()
    .transform(normalizeFiscalCode)
    .superRefine((cf, ctx) => {
      if (cf === '') ctx.addIssue({ code: 'custom', message: 'Inserisci il codice fiscale del delegato.' });
      else if (!PERSONAL_FORMAT.test(cf))
        ctx.addIssue({ code: 'custom', message: 'Il codice fiscale deve avere 16 caratteri nel formato RSSMRA85C52F205X.' });
      else if (!isValidPersonalFiscalCode(cf))
        ctx.addIssue({
          code: 'custom',
          message: "Il codice fiscale non è valido: controlla i caratteri, l'ultimo (di controllo) non corrisponde.",
        });
    }),
  nome: personName('Inserisci il nome del delegato.', 'Il nome può contenere solo lettere, spazi e apostrofi.'),
  cognome: personName('Inserisci il cognome del delegato.', 'Il cognome può contenere solo lettere, spazi e apostrofi.'),
});

export type AddDelegate = z.infer<typeof addDelegateSchema>;
