import { z } from 'zod';
import { parseEuroInput } from '../../../domain/money.ts';
import { pageNumber } from '../../family/page.ts';

const uuidOrNull = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' && z.uuid().safeParse(v).success ? v : null))
  .catch(null);

/** ?scuola=&servizio=&pagina= of the arrears list, read leniently: anything else is "all". */
export const arrearsQuerySchema = z.object({
  scuola: uuidOrNull,
  servizio: uuidOrNull,
  pagina: z.unknown().optional().transform(pageNumber),
});
export type ArrearsQuery = z.output<typeof arrearsQuerySchema>;

/** "Genera solleciti": the ticked families, or every family the filter finds ("tutti"). */
export const reminderRequestSchema = z
  .object({
    famiglia: z.union([z.uuid(), z.array(z.uuid())]).optional(),
    tutti: z.literal('1').optional(),
    scuola: uuidOrNull,
    servizio: uuidOrNull,
  })
  .transform((form) => ({ ...form, famiglia: form.famiglia === undefined ? [] : [form.famiglia].flat() }))
  .refine((form) => form.tutti === '1' || form.famiglia.length > 0, {
    path: ['famiglia'],
    message: 'Seleziona almeno una famiglia, oppure scegli "Solleciti a tutte le famiglie filtrate".',
  });

const wholeNumber = (label: string, max: number) =>
  z
    .string({ error: `Inserisci ${label}.` })
    .trim()
    .regex(/^\d{1,5}$/, `Inserisci ${label} con un numero intero, ad esempio 90.`)
    .transform(Number)
    .refine((n) => n <= max, `Al massimo ${max}.`);

/** Impostazioni › Morosità: the messa a ruolo rule and the re-enrolment threshold. */
export const arrearsSettingsSchema = z.object({
  ruoloGiorni: wholeNumber('i giorni dalla scadenza', 3650),
  ruoloSolleciti: wholeNumber('il numero di solleciti', 20),
  soglia: z
    .string({ error: "Inserisci l'importo della soglia." })
    .trim()
    .transform((v, ctx) => {
      const cents = parseEuroInput(v);
      if (cents === null || cents < 0) {
        ctx.addIssue({ code: 'custom', message: 'Inserisci un importo in euro, ad esempio 100,00.' });
        return z.NEVER;
      }
      return cents;
    }),
  sogliaGiorni: wholeNumber('i giorni di ritardo della soglia', 3650),
});
export type ArrearsSettingsInput = z.output<typeof arrearsSettingsSchema>;
