import { z } from 'zod';
import { isValidCreditorId } from '../../../domain/iban.ts';
import { parseEuroInput } from '../../../domain/money.ts';

const text = (label: string, max: number) =>
  z
    .string({ error: `Inserisci ${label}.` })
    .trim()
    .min(1, `Inserisci ${label}.`)
    .max(max, `Troppo lungo (al massimo ${max} caratteri).`);

const optional = (pattern: RegExp, message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? '')
    .refine((v) => v === '' || pattern.test(v), message)
    .transform((v) => v || null);

const optionalEuro = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const cents = parseEuroInput(v);
    if (cents === null || cents <= 0) {
      ctx.addIssue({ code: 'custom', message: 'Inserisci un importo in euro, ad esempio 5,00.' });
      return z.NEVER;
    }
    return cents;
  });

/** The Comune's own data as the administrator edits it. */
export const comuneSchema = z
  .object({
    nome: text('il nome del Comune', 120),
    codiceFiscale: z
      .string()
      .trim()
      .regex(/^\d{11}$/, 'Il codice fiscale del Comune ha 11 cifre.'),
    codiceIpa: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_]{2,20}$/, 'Il codice IPA ha da 2 a 20 lettere, cifre o trattini bassi (es. c_f205).'),
    ufficio: text("il nome dell'ufficio", 120),
    email: z.string().trim().max(254, "L'indirizzo e-mail è troppo lungo.").pipe(z.email('Inserisci un indirizzo e-mail valido.')),
    telefono: text('il telefono', 40),
    indirizzo: text("l'indirizzo dell'ufficio", 200),
    orari: text("gli orari dell'ufficio", 200),
    sitoWeb: z
      .string()
      .trim()
      .regex(/^https?:\/\/\S+$/, "Inserisci l'indirizzo del sito, ad esempio https://www.comune.esempio.it."),
    codiceSegregazione: z
      .string()
      .trim()
      .regex(/^\d{2}$/, 'Il codice di segregazione pagoPA ha 2 cifre.'),
    cbill: optional(/^[A-Z0-9]{5}$/, 'Il codice CBILL ha 5 lettere maiuscole o cifre.'),
    contoPostale: optional(/^\d{8,12}$/, 'Il conto corrente postale ha da 8 a 12 cifre.'),
    orarioLimite: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Inserisci l'orario limite nel formato hh:mm, ad esempio 09:00."),
    creditoreSdd: z
      .string()
      .optional()
      .transform((v) => (v ?? '').replace(/\s+/g, '').toUpperCase())
      .refine(
        (v) => v === '' || isValidCreditorId(v),
        'Il codice identificativo del creditore SEPA non è valido: 23 caratteri come IT66ZZZA1B2C3D4E5F6G7H8, con le cifre di controllo giuste.',
      )
      .transform((v) => v || null),
    ricaricaMinima: optionalEuro,
    ricaricaMassima: optionalEuro,
    // a secret: never shown back; left empty, the key in use stays
    chiaveIo: optional(/^[A-Za-z0-9-]{16,64}$/, 'La chiave del servizio IO ha da 16 a 64 lettere, cifre o trattini.'),
  })
  .refine((f) => f.ricaricaMinima === null || f.ricaricaMassima === null || f.ricaricaMassima >= f.ricaricaMinima, {
    path: ['ricaricaMassima'],
    message: 'La ricarica massima non può essere inferiore alla minima.',
  });
export type ComuneInput = z.output<typeof comuneSchema>;

const pem = (label: string, kind: RegExp) =>
  z
    .string({ error: `Incolla ${label}.` })
    .trim()
    .min(1, `Incolla ${label}.`)
    .max(20_000, 'Il testo è troppo lungo.')
    .refine((v) => kind.test(v), `Non sembra ${label} in formato PEM.`);

export const samlPairSchema = z.object({
  chiave: pem('la chiave privata', /-----BEGIN (RSA |EC )?PRIVATE KEY-----/),
  certificato: pem('il certificato', /-----BEGIN CERTIFICATE-----/),
});
