import { z } from 'zod';
import { fiscalCodeField } from '../../web/forms.ts';

const NAME = /^[\p{L}' .-]+$/u;

const personName = (empty: string, wrong: string) => z.string().trim().min(1, empty).max(60, wrong).regex(NAME, wrong);

export const addDelegateSchema = z.object({
  codiceFiscale: fiscalCodeField('validation.delegateFiscalCode'),
  nome: personName('validation.delegateFirstName', 'validation.firstNameLetters'),
  cognome: personName('validation.delegateLastName', 'validation.lastNameLetters'),
});

export type AddDelegate = z.infer<typeof addDelegateSchema>;
