import { z } from 'zod';
import { parseItalianDate } from '../../domain/dates.ts';

/** An optional day typed as dd/mm/yyyy (or ISO from a date picker); empty means "no limit". */
export const optionalDay = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      const day = parseItalianDate(text);
      if (!day) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return day;
    });

export const periodSchema = z
  .object({
    alunno: z.unknown().optional(),
    dal: optionalDay('validation.walletFrom'),
    al: optionalDay('validation.walletTo'),
    pagina: z.unknown().optional(),
  })
  .refine((q) => !q.dal || !q.al || q.dal <= q.al, { path: ['al'], message: 'validation.walletOrder' });

/** ?mese=YYYY-MM of the monthly statement: one of the months the wallet page offers (the first, this month, if none). */
export const statementSchema = (months: readonly string[]) =>
  z.object({
    alunno: z.unknown().optional(),
    mese: z
      .string({ error: 'validation.statementMonth' })
      .default(months[0])
      .refine((month) => months.includes(month), { error: 'validation.statementMonthOffered' }),
  });
