import { z } from 'zod';

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The filters of "Documenti contabili"; a filter that makes no sense is dropped rather than refused. */
export const invoiceFilterSchema = z.object({
  alunno: z.preprocess(blankToUndefined, z.string().optional()).catch(undefined),
  anno: z.preprocess(blankToUndefined, z.coerce.number().int().min(2000).max(2100).optional()).catch(undefined),
  stato: z.preprocess(blankToUndefined, z.enum(['da-pagare', 'pagati', 'messi-a-ruolo', 'annullati']).optional()).catch(undefined),
});

export type InvoiceFilter = z.infer<typeof invoiceFilterSchema>;
