import { z } from 'zod';

export const resolveReceiptSchema = z
  .object({
    azione: z.enum(['rimborso', 'applica', 'risolta'], { error: "Scegli l'azione da registrare." }),
    nota: z.string().trim().max(500, { error: 'La nota può avere al massimo 500 caratteri.' }).default(''),
    documento: z.string().trim().max(40).default(''),
  })
  .superRefine((form, ctx) => {
    if (form.azione === 'applica' && !form.documento) {
      ctx.addIssue({ code: 'custom', path: ['documento'], message: 'Indica il numero del documento a cui applicare il pagamento.' });
    }
    if (form.azione !== 'applica' && form.nota.length < 3) {
      ctx.addIssue({ code: 'custom', path: ['nota'], message: 'Scrivi una nota che spieghi cosa è stato fatto.' });
    }
  });

export type ResolveReceiptForm = z.infer<typeof resolveReceiptSchema>;
