import { z } from 'zod';
import { isPhoneNumber } from '../../domain/phone.ts';

export const REGISTRY_TABS = ['generali', 'altre', 'servizi', 'fascicolo'] as const;
export type RegistryTab = (typeof REGISTRY_TABS)[number];

export const contactDataSchema = z.object({
  alunno: z.string().min(1),
  email: z
    .string()
    .trim()
    .min(1, "Inserisci l'indirizzo e-mail.")
    .max(254, "L'indirizzo e-mail è troppo lungo.")
    .pipe(z.email('Inserisci un indirizzo e-mail valido, ad esempio nome@esempio.it.')),
  phone: z
    .string()
    .trim()
    .max(24, 'Il numero di telefono è troppo lungo.')
    .refine(
      (v) => v === '' || isPhoneNumber(v),
      'Inserisci un numero di telefono valido, ad esempio 333 1234567, 02 1234567 o +41 44 668 18 00.',
    )
    .transform((v) => (v === '' ? null : v)),
});

export const wrongDataSchema = z.object({
  alunno: z.string().min(1),
  sezione: z.enum(REGISTRY_TABS, { message: 'Scegli in quale scheda hai trovato i dati errati.' }),
  messaggio: z
    .string()
    .trim()
    .min(10, 'Descrivi quali dati sono errati e quelli corretti (almeno 10 caratteri).')
    .max(2000, 'Il messaggio è troppo lungo (al massimo 2000 caratteri).'),
});

/** ?alunno=&anno= of a 730 certificate; anything else is a certificate that does not exist. */
export const certificateQuerySchema = z.object({
  alunno: z.uuid(),
  anno: z.coerce.number().int().min(2000).max(2100),
});
