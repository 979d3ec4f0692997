import { z } from 'zod';
import { isValidFiscalCode, isValidPersonalFiscalCode, normalizeFiscalCode } from '../../domain/fiscal-code.ts';
import { fieldOf, type MissingItem } from './service.ts';

const email = z
  .string()
  .trim()
  .min(1, "Inserisci l'indirizzo e-mail.")
  .max(254, "L'indirizzo e-mail è troppo lungo.")
  .pipe(z.email('validation.email'));

const fiscalCode = (name: string, valid: (cf: string) => boolean) =>
  z
    .string()
    .transform(normalizeFiscalCode)
    .superRefine((cf, ctx) => {
      if (cf === '') ctx.addIssue({ code: 'custom', message: `Inserisci il codice fiscale di ${name}.` });
      else if (!valid(cf))
        ctx.addIssue({ code: 'custom', message: `Il codice fiscale di ${name} non è valido: controlla i 16 caratteri.` });
    });

/** One field per missing item, so the form asks only for what is missing. */
export function requiredDataSchema(missing: MissingItem[]) {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const item of missing) {
    if (item.kind === 'GUARDIAN_EMAIL') shape[fieldOf(item)] = email;
    else if (item.kind === 'GUARDIAN_FISCAL_CODE') shape[fieldOf(item)] = fiscalCode(item.guardianName, isValidFiscalCode);
    else shape[fieldOf(item)] = fiscalCode(item.studentName, isValidPersonalFiscalCode);
  }
  return z.object(shape);
}
