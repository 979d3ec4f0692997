import { z } from 'zod';

export const REGISTRY_TABS = ['generali', 'altre', 'servizi', 'fascicolo'] as const;
export type RegistryTab = (typeof REGISTRY_TABS)[number];

/** Italian mobile and landline numbers, with an optional +39 (or other) prefix. */
const PHONE = /^\+?[0-9][0-9 ./-]{5,19}$/;

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
    .max(20, 'Il numero di telefono è troppo lungo.')
    .refine((v) => v === '' || PHONE.test(v), 'Inserisci un numero di telefono valido: solo cifre e spazi, con il + iniziale se serve.')
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
