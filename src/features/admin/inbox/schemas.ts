import { z } from 'zod';
import { listQuerySchema } from '../list-query.ts';

export const INBOX_FILTERS = ['aperti', 'nuovi', 'in-lavorazione', 'chiusi', 'tutti'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export const inboxListSchema = listQuerySchema(['meno-recenti', 'recenti'] as const).extend({
  stato: z.enum(INBOX_FILTERS).catch('aperti'),
  tipo: z.enum(['CONTACT', 'DATA_ERROR', '']).catch(''),
  assegnati: z.enum(['miei', '']).catch(''),
});
export type InboxListQuery = z.infer<typeof inboxListSchema>;

export const CONTACT_STATUSES = ['NEW', 'IN_PROGRESS', 'CLOSED'] as const;

export const replySchema = z.object({
  risposta: z
    .string({ error: 'Scrivi la risposta.' })
    .trim()
    .min(2, 'Scrivi la risposta.')
    .max(4000, 'La risposta è troppo lunga (al massimo 4000 caratteri).'),
  chiudi: z
    .string()
    .optional()
    .transform((v) => v === 'si'),
});

export const statusSchema = z.object({
  stato: z.enum(CONTACT_STATUSES, { error: 'Scegli uno stato.' }),
});

export const assignSchema = z.object({
  assegnatario: z
    .string()
    .optional()
    .transform((v) => v || null),
});
