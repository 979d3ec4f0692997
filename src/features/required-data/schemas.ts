import { z } from 'zod';
import { isValidFiscalCode, isValidPersonalFiscalCode, normalizeFiscalCode } from '../../domain/fiscal-code.ts';
import type { Translate } from '../../web/i18n.ts';
import { fieldOf, type MissingItem } from './service.ts';

const email = z.string().trim().min(1, 'validation.emailMissing').max(254, 'validation.emailTooLong').pipe(z.email('validation.email'));

// The messages name the person, so they are written in the page's language here rather than left as keys.
const fiscalCode = (t: Translate, name: string, valid: (cf: string) => boolean) =>
  z
    .string()
    .transform(normalizeFiscalCode)
    .superRefine((cf, ctx) => {
      if (cf === '') ctx.addIssue({ code: 'custom', message: t('requiredData.errors.fiscalCodeMissing', { name }) });
      else if (!valid(cf)) ctx.addIssue({ code: 'custom', message: t('requiredData.errors.fiscalCodeInvalid', { name }) });
    });

/** One field per missing item, so the form asks only for what is missing. */
export function requiredDataSchema(missing: MissingItem[], t: Translate) {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const item of missing) {
    if (item.kind === 'GUARDIAN_EMAIL') shape[fieldOf(item)] = email;
    else if (item.kind === 'GUARDIAN_FISCAL_CODE') shape[fieldOf(item)] = fiscalCode(t, item.guardianName, isValidFiscalCode);
    else shape[fieldOf(item)] = fiscalCode(t, item.studentName, isValidPersonalFiscalCode);
  }
  return z.object(shape);
}
