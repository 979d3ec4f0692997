import { z } from 'zod';
import { fiscalCodeField } from '../../web/forms.ts';

const NAME = /^[\p{L}' .-]+$/u;

const personName = (empty: string, wrong: string) => z.string().trim().min(1, empty).max(60, wrong).regex(NAME, wrong);

export const addDelegateSchema = z.object({
  codiceFiscale: fiscalCodeField('Inserisci il codice fiscale del delegato.'),
  nome: personName('Inserisci il nome del delegato.', 'Il nome può contenere solo lettere, spazi e apostrofi.'),
  cognome: personName('Inserisci il cognome del delegato.', 'Il cognome può contenere solo lettere, spazi e apostrofi.'),
});

export type AddDelegate = z.infer<typeof addDelegateSchema>;
