import { z } from 'zod';

export const contactSchema = z.object({
  alunno: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
  oggetto: z
    .string()
    .trim()
    .min(3, "Scrivi l'oggetto del messaggio (almeno 3 caratteri).")
    .max(120, "L'oggetto è troppo lungo (al massimo 120 caratteri)."),
  messaggio: z.string().trim().min(10, 'validation.messageTooShort').max(4000, 'validation.messageTooLong4000'),
  email: z
    .string()
    .trim()
    .min(1, "Inserisci l'indirizzo e-mail a cui vuoi ricevere la risposta.")
    .max(254, "L'indirizzo e-mail è troppo lungo.")
    .pipe(z.email('validation.email')),
});

export type ContactInput = z.infer<typeof contactSchema>;
