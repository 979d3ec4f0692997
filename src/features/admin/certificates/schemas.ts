import { z } from 'zod';

/** The bulk form: a past or current calendar year (a year's certificates are issued from the next January). */
export function yearSchema(currentYear: number) {
  return z.object({
    anno: z.coerce
      .number({ error: "Indica l'anno solare, ad esempio 2025." })
      .int({ error: "Indica l'anno solare, ad esempio 2025." })
      .min(2000, { error: "Indica l'anno solare, ad esempio 2025." })
      .max(currentYear, { error: `L'anno non può essere successivo al ${currentYear}.` }),
  });
}

export const runIdSchema = z.uuid();
