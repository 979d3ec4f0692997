import { z } from 'zod';
import { parseEuroInput } from '../../domain/money.ts';
import { messageKey } from '../../web/forms.ts';

const uuid = z.string().regex(/^[0-9a-f-]{36}$/i);
/** A row of the payments table: an invoice ("i:<id>") or a notice issued on its own ("n:<id>"). */
const rowKey = z.string().regex(/^[in]:[0-9a-f-]{36}$/i);

export function startPaymentSchema(max: number) {
  return z.object({
    documenti: z
      .union([rowKey, z.array(rowKey)], { error: 'validation.selectDocument' })
      .transform((value) => [...new Set(Array.isArray(value) ? value : [value])])
      .refine((keys) => keys.length <= max, { error: messageKey('validation.cartMax', { max }) }),
  });
}

export const returnOutcomeSchema = z.enum(['ok', 'annullato', 'errore', 'attesa']).catch('attesa');

export function topUpSchema(limits: { minCents: number; maxCents: number }, formatEuro: (cents: number) => string) {
  return z
    .object({
      alunno: uuid.or(z.literal('')).refine((v) => v !== '', { error: 'validation.topUpStudent' }),
      servizio: uuid.or(z.literal('')).refine((v) => v !== '', { error: 'validation.topUpService' }),
      importo: z.enum(['1000', '2000', '5000', 'altro'], { error: 'validation.topUpAmount' }),
      importoLibero: z.string().max(20).optional().default(''),
      modalita: z.enum(['online', 'avviso'], { error: 'validation.payMode' }),
      /** sent by the summary's "Genera Avviso di pagamento" button: only then is the avviso issued */
      conferma: z.literal('si').optional(),
    })
    .transform((form, ctx) => {
      const cents = form.importo === 'altro' ? parseEuroInput(form.importoLibero) : Number(form.importo);
      if (cents === null) {
        ctx.addIssue({ code: 'custom', path: ['importoLibero'], message: 'validation.euroAmount' });
        return z.NEVER;
      }
      if (cents < limits.minCents || cents > limits.maxCents) {
        ctx.addIssue({
          code: 'custom',
          path: [form.importo === 'altro' ? 'importoLibero' : 'importo'],
          message: messageKey('validation.amountRange', { min: formatEuro(limits.minCents), max: formatEuro(limits.maxCents) }),
        });
        return z.NEVER;
      }
      return {
        studentId: form.alunno,
        serviceId: form.servizio,
        amountCents: cents,
        mode: form.modalita,
        confirmed: form.conferma === 'si',
      };
    });
}

export const spontaneousSchema = z.object({
  alunno: uuid.or(z.literal('')).refine((v) => v !== '', { error: 'validation.student.choose' }),
  periodi: z
    .union([z.string().regex(/^\d{4}-\d{2}$/), z.array(z.string().regex(/^\d{4}-\d{2}$/))], { error: 'validation.period' })
    .transform((value) => [...new Set(Array.isArray(value) ? value : [value])].sort()),
  scuola: uuid.or(z.literal('')).refine((v) => v !== '', { error: 'validation.school' }),
});
