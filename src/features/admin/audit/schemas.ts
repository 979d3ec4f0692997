import { z } from 'zod';
import { addDays, romeInstant } from '../../../domain/dates.ts';
import { optionalDayField } from '../../../web/forms.ts';

const optionalDay = optionalDayField();

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Al massimo ${max} caratteri.`)
    .optional()
    .transform((v) => v ?? '');

/** The audit viewer's filters (also those of its CSV export): who, which record, which action, between which days. */
export const auditFilterSchema = z
  .object({
    utente: optionalText(100),
    tipo: optionalText(60),
    id: optionalText(100),
    azione: optionalText(60),
    dal: optionalDay,
    al: optionalDay,
    ordina: z.enum(['recenti', 'meno-recenti']).catch('recenti'),
    pagina: z.coerce.number().int().min(1).max(99_999).catch(1),
  })
  .refine((f) => !f.dal || !f.al || f.al >= f.dal, { path: ['al'], message: 'Il giorno finale non può essere prima di quello iniziale.' });

export type AuditFilterInput = z.output<typeof auditFilterSchema>;

/** The filters as instants: `al` is a whole Rome day, so the range ends at the midnight after it. */
export function auditRange(filter: AuditFilterInput) {
  return {
    from: filter.dal ? romeInstant(filter.dal, '00:00') : null,
    to: filter.al ? romeInstant(addDays(filter.al, 1), '00:00') : null,
  };
}
