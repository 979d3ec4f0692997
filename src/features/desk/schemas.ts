import { z } from 'zod';
import { parseEuroInput } from '../../domain/money.ts';

const uuid = z.string().regex(/^[0-9a-f-]{36}$/i);
/** A row of the family's unpaid list, as on the parent's page: an invoice ("i:<id>") or a notice ("n:<id>"). */
const rowKey = z.string().regex(/^[in]:[0-9a-f-]{36}$/i, { error: 'Scegli il documento.' });

export const searchSchema = z.object({ q: z.string().trim().max(60).catch('') }).catch({ q: '' });

export const printRowSchema = z.object({ riga: rowKey });

export const deskPaymentSchema = z.object({
  riga: rowKey,
  metodo: z.enum(['CASH', 'POS'], { error: 'Scegli come ha pagato: contanti o POS.' }),
});

export function deskTopUpSchema(limits: { minCents: number; maxCents: number }, formatEuro: (cents: number) => string) {
  return z
    .object({
      alunno: uuid.or(z.literal('')).refine((v) => v !== '', { error: "Scegli l'alunno da ricaricare." }),
      servizio: uuid.or(z.literal('')).refine((v) => v !== '', { error: 'Scegli il servizio da ricaricare.' }),
      importo: z.string().max(20),
    })
    .transform((form, ctx) => {
      const cents = parseEuroInput(form.importo);
      if (cents === null) {
        ctx.addIssue({ code: 'custom', path: ['importo'], message: "Scrivi l'importo in euro, ad esempio 15 o 15,50." });
        return z.NEVER;
      }
      if (cents < limits.minCents || cents > limits.maxCents) {
        ctx.addIssue({
          code: 'custom',
          path: ['importo'],
          message: `L'importo deve essere tra ${formatEuro(limits.minCents)} e ${formatEuro(limits.maxCents)}.`,
        });
        return z.NEVER;
      }
      return { studentId: form.alunno, serviceId: form.servizio, amountCents: cents };
    });
}

const optionalId = uuid.or(z.literal('')).transform((v) => v || null);

export const bulkPrintSchema = z
  .object({
    mese: z
      .string()
      .regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, { error: 'Scegli il mese dei documenti.' })
      .transform((v) => v || null),
    scuola: optionalId,
    classe: optionalId,
  })
  .refine((form) => form.mese || form.scuola || form.classe, {
    path: ['mese'],
    error: 'Scegli il mese, la scuola o la classe degli avvisi da stampare.',
  })
  .transform((form) => ({ period: form.mese, schoolId: form.scuola, classId: form.classe }));

export const dayReportSchema = z.object({
  giorno: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
});
