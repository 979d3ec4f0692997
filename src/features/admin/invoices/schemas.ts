import { z } from 'zod';
import { parseEuroInput } from '../../../domain/money.ts';

const EURO_FORMAT = 'Inserisci un importo in euro, ad esempio 4,50 (lascia vuoto per non stornare la riga).';

/** An amount to reverse in euros, 0 when left blank. */
const amountField = z
  .string()
  .trim()
  .optional()
  .transform((text, ctx) => (text ? (parseEuroInput(text) ?? (ctx.addIssue({ code: 'custom', message: EURO_FORMAT }), z.NEVER)) : 0));

/** "Emetti nota di credito": the reason, and an amount per line of the invoice (field `importo-<lineId>`). */
export function creditNoteSchema(lineIds: readonly string[]) {
  return z.object({
    motivo: z
      .string({ error: 'Scrivi il motivo della nota di credito.' })
      .trim()
      .min(5, { error: 'Scrivi il motivo della nota di credito (almeno 5 caratteri).' })
      .max(300, { error: 'Il motivo può avere al massimo 300 caratteri.' }),
    ...Object.fromEntries(lineIds.map((id) => [`importo-${id}`, amountField])),
  });
}

/** The amounts of a parsed form, per line id. */
export function amountsOf(data: Record<string, unknown>, lineIds: readonly string[]): Map<string, number> {
  return new Map(lineIds.map((id) => [id, Number(data[`importo-${id}`] ?? 0)]));
}
