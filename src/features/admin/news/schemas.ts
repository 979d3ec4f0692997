import { z } from 'zod';
import { addDays, romeInstant } from '../../../domain/dates.ts';
import { dayField, optionalDayField } from '../../../web/forms.ts';
import { listQuerySchema } from '../list-query.ts';

export const NEWS_FILTERS = ['tutte', 'bozze', 'programmate', 'visibili', 'scadute', 'ritirate'] as const;
export type NewsFilter = (typeof NEWS_FILTERS)[number];

export const newsListSchema = listQuerySchema(['recenti', 'meno-recenti', 'titolo'] as const).extend({
  stato: z.enum(NEWS_FILTERS).catch('tutte'),
});
export type NewsListQuery = z.infer<typeof newsListSchema>;

const optionalDay = optionalDayField();

/** One news item as the office writes it: plain text (no HTML), for all schools or one, shown from/until. */
export const newsFormSchema = z
  .object({
    titolo: z
      .string({ error: 'Scrivi il titolo.' })
      .trim()
      .min(3, 'Scrivi il titolo (almeno 3 caratteri).')
      .max(150, 'Il titolo è troppo lungo (al massimo 150 caratteri).'),
    sommario: z
      .string({ error: 'Scrivi il sommario.' })
      .trim()
      .min(3, 'Scrivi il sommario: una o due righe mostrate in elenco (almeno 3 caratteri).')
      .max(300, 'Il sommario è troppo lungo (al massimo 300 caratteri).'),
    testo: z
      .string({ error: 'Scrivi il testo.' })
      .trim()
      .min(10, 'Scrivi il testo della notizia (almeno 10 caratteri).')
      .max(10_000, 'Il testo è troppo lungo (al massimo 10.000 caratteri).'),
    scuola: z
      .string()
      .optional()
      .transform((v) => v || null),
    dal: dayField('Indica da quale giorno pubblicare la notizia.'),
    oraDal: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || '00:00')
      .pipe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Inserisci l'ora nel formato hh:mm, ad esempio 08:30.")),
    al: optionalDay,
    azione: z.enum(['bozza', 'pubblica']).catch('bozza'),
    avvisa: z
      .string()
      .optional()
      .transform((v) => v === 'si'),
  })
  .refine((form) => !form.al || form.al >= form.dal, {
    path: ['al'],
    message: "L'ultimo giorno di pubblicazione non può essere prima del primo.",
  })
  .transform((form) => ({
    title: form.titolo,
    summary: form.sommario,
    body: form.testo,
    schoolId: form.scuola,
    publishedAt: romeInstant(form.dal, form.oraDal),
    // "fino al" names the last day shown, so the item goes at the midnight after it
    publishUntil: form.al ? romeInstant(addDays(form.al, 1), '00:00') : null,
    publish: form.azione === 'pubblica',
    notify: form.avvisa,
  }));
export type NewsInput = z.output<typeof newsFormSchema>;
