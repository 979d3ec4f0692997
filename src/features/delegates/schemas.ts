import { z } from 'zod';
import { isValidPersonalFiscalCode, normalizeFiscalCode } from '../../domain/fiscal-code.ts';

const NAME = /^[\p{L}' .-]+$/u;

const personName = (empty: string, wrong: string) => z.string().trim().min(1, empty).max(60, wrong).regex(NAME, wrong);

export const addDelegateSchema = z.object({
  codiceFiscale: z
    .string()
    .transform(normalizeFiscalCode)
    .superRefine((cf, ctx) => {
      if (cf === '') ctx.addIssue({ code: 'custom', message: 'Inserisci il codice fiscale del delegato.' });
      else if (cf.length !== 16)
        ctx.addIssue({ code: 'custom', message: 'Il codice fiscale deve avere 16 caratteri, nel formato RSSMRA85C52F205X.' });
      else if (!isValidPersonalFiscalCode(cf))
        ctx.addIssue({
          code: 'custom',
          message: 'Il codice fiscale non è valido: controlla di averlo scritto come sulla tessera sanitaria, carattere per carattere.',
        });
    }),
  nome: personName('Inserisci il nome del delegato.', 'Il nome può contenere solo lettere, spazi e apostrofi.'),
  cognome: personName('Inserisci il cognome del delegato.', 'Il cognome può contenere solo lettere, spazi e apostrofi.'),
});

export type AddDelegate = z.infer<typeof addDelegateSchema>;
