import { z } from 'zod';

/** The run form (index) and the preview's query and confirm form: a service of the Comune and a month. */
export const runChoiceSchema = z.object({
  servizio: z.uuid({ error: 'Scegli il servizio da fatturare.' }),
  mese: z
    .string({ error: 'Indica il mese nel formato aaaa-mm.' })
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'Indica il mese nel formato aaaa-mm.' }),
});

export const cancelSchema = z.object({
  conferma: z.literal('si', { error: "Spunta la conferma per annullare l'emissione." }),
});

export const runIdSchema = z.uuid();
