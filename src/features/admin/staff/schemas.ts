import { z } from 'zod';
import { isValidPersonalFiscalCode, normalizeFiscalCode } from '../../../domain/fiscal-code.ts';
import { STAFF_ROLES } from '../../../auth/session-auth.ts';
import { listQuerySchema } from '../list-query.ts';

export const staffListSchema = listQuerySchema(['nome', 'utente', 'ruolo', 'ultimo-accesso'] as const).extend({
  stato: z.enum(['attivi', 'disattivati', 'tutti']).catch('attivi'),
});
export type StaffListQuery = z.infer<typeof staffListSchema>;

const fullName = z
  .string({ error: 'Scrivi nome e cognome.' })
  .trim()
  .min(3, 'Scrivi nome e cognome (almeno 3 caratteri).')
  .max(120, 'Nome e cognome troppo lunghi (al massimo 120 caratteri).');

const role = z.enum(STAFF_ROLES, { error: 'Scegli un ruolo.' });

const fiscalCode = z
  .string()
  .optional()
  .transform((v) => (v ? normalizeFiscalCode(v) : ''))
  .refine((v) => v === '' || isValidPersonalFiscalCode(v), 'Il codice fiscale non è valido: controlla le 16 lettere e cifre.')
  .transform((v) => v || null);

/** A staff member; the fiscal code, when given, lets them in with SPID/CIE too. */
export const staffEditSchema = z.object({ nome: fullName, ruolo: role, codiceFiscale: fiscalCode });

export const staffCreateSchema = staffEditSchema.extend({
  utente: z
    .string({ error: 'Scegli il nome utente.' })
    .trim()
    .toLowerCase()
    .min(3, 'Il nome utente deve avere almeno 3 caratteri.')
    .max(40, 'Il nome utente è troppo lungo (al massimo 40 caratteri).')
    .regex(/^[a-z0-9._-]+$/, 'Il nome utente può contenere solo lettere minuscole, cifre, punto, trattino e trattino basso.'),
});

export type StaffInput = z.output<typeof staffEditSchema>;
export type StaffCreateInput = z.output<typeof staffCreateSchema>;
