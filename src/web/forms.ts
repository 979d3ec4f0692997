import { z, type ZodError, type ZodType } from 'zod';
import { parseItalianDate } from '../domain/dates.ts';
import { isValidVatNumber, normalizeFiscalCode, personalFiscalCodeProblem } from '../domain/fiscal-code.ts';
import { hasItalianIbanShape, isValidItalianIban } from '../domain/iban.ts';
import type { Translate } from './i18n.ts';

// Zod's own messages in Italian, for what is not a form (configuration, the simulators' bodies); a schema's own
// messages win over these, and forms parse with `formFallback` below.
z.config(z.locales.it());

/**
 * What no form of ours sends (a missing field, a field repeated into a list), as locale keys like a schema's own
 * messages, so a tampered or stale form gets its refusal in the page's language. Pass it as `{ error }` to a
 * form's safeParse.
 */
export const formFallback = (issue: { code: string; input?: unknown; origin?: string; maximum?: unknown }) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'validation.required' : 'validation.once';
    // a value no control of the form offers (a tampered id, period or choice)
    case 'invalid_format':
    case 'invalid_union':
    case 'invalid_value':
      return 'validation.invalid';
    case 'too_big':
      return issue.origin === 'string' ? messageKey('validation.maxChars', { max: Number(issue.maximum) }) : undefined;
    default:
      return undefined;
  }
};

export interface FormErrors {
  /** Summary at the top of the form; each item links to its field. */
  summary: { field: string; message: string }[];
  /** Message next to each field (first problem only). */
  byField: Record<string, string>;
}

export const noErrors: FormErrors = { summary: [], byField: {} };

export function formErrorsFrom(error: ZodError): FormErrors {
  const byField: Record<string, string> = {};
  const summary: FormErrors['summary'] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (byField[field]) continue;
    byField[field] = issue.message;
    summary.push({ field, message: issue.message });
  }
  return { summary, byField };
}

/**
 * A message that is a locale key (e.g. `validation.email`) rather than text, optionally followed by its values as
 * JSON (`messageKey` writes them): the schemas of parent forms, and the shared fields staff forms reuse, give keys.
 */
const LOCALE_KEY = /^([a-zA-Z][\w-]*(?:\.[\w-]+)+)(\{.*\})?$/s;

/** A form message by locale key, with values to interpolate: a zod message is a string, so they travel in it. */
export function messageKey(key: string, values?: Record<string, string | number>): string {
  return values ? `${key}${JSON.stringify(values)}` : key;
}

/** A message in the page's language: a key (with its values) gets its text, a message already text stays. */
export function localizedText(message: string, t: Translate): string {
  const keyed = LOCALE_KEY.exec(message);
  if (!keyed) return message;
  if (!keyed[2]) return t(keyed[1]);
  try {
    return t(keyed[1], JSON.parse(keyed[2]) as Record<string, unknown>);
  } catch {
    return message; // text that only looks like a key with values: shown as it is
  }
}

/** The form errors in the page's language (`localizedText` of each message). */
export function translatedErrors(errors: FormErrors, t: Translate): FormErrors {
  const text = (message: string) => localizedText(message, t);
  return {
    summary: errors.summary.map((item) => ({ ...item, message: text(item.message) })),
    byField: Object.fromEntries(Object.entries(errors.byField).map(([field, message]) => [field, text(message)])),
  };
}

/** One error not tied to the schema (e.g. a rule checked by the service), shown the same way. */
export function formError(field: string, message: string): FormErrors {
  return { summary: [{ field, message }], byField: { [field]: message } };
}

/**
 * A rule of a service refused the input; shown next to `field` on the same page, nothing changed.
 * `link` points at a record the message is about (e.g. the one that already has this fiscal code).
 */
export class FieldRuleError extends Error {
  override name = 'FieldRuleError';
  constructor(
    readonly field: string,
    readonly userMessage: string,
    readonly link?: { href: string; label: string },
  ) {
    super(userMessage);
  }
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/** What the user typed in a form, to show it again (never the CSRF token). */
export function typedValues(body: unknown): Record<string, unknown> {
  const values = body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {};
  delete values._csrf;
  return values;
}

/** Parses a form body; on failure gives back the errors and what the user typed, to re-render. */
export function parseForm<S extends ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = typedValues(body);
  const parsed = schema.safeParse(values, { error: formFallback });
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: formErrorsFrom(parsed.error), values };
}

/**
 * A day typed as dd/mm/yyyy (or sent by a date picker as ISO), turned into an ISO date. Both refusals abort,
 * so a form's own refinements (from ≤ to, at most a year) only ever see real days.
 */
export function dayField(missing: string, invalid = 'validation.dateFormat') {
  return z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing, abort: true })
    .transform((text, ctx) => {
      const day = parseItalianDate(text);
      if (!day) {
        ctx.addIssue({ code: 'custom', message: invalid });
        return z.NEVER;
      }
      return day;
    });
}

/** A form or query field as text: a string as typed, anything else (missing, repeated, nested) as empty. */
export function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * A fiscal code as typed (spaces, lower case and a TINIT- prefix are forgiven): 16 characters with omocodia
 * and the check character verified; with `companies`, also the 11 digits of a company or public body.
 */
export function fiscalCodeField(missing: string, options: { companies?: boolean } = {}) {
  return z
    .string({ error: missing })
    .transform(normalizeFiscalCode)
    .superRefine((cf, ctx) => {
      if (cf === '') return ctx.addIssue({ code: 'custom', message: missing });
      if (options.companies && /^\d{11}$/.test(cf)) {
        if (!isValidVatNumber(cf)) ctx.addIssue({ code: 'custom', message: 'validation.fiscalCode.companyCheck' });
        return;
      }
      const problem = personalFiscalCodeProblem(cf);
      // 16 characters that are not a code are as wrong as a bad check character: the length is not the problem
      if (problem === 'format' && cf.length !== 16)
        ctx.addIssue({
          code: 'custom',
          message: options.companies ? 'validation.fiscalCode.lengthOrCompany' : 'validation.fiscalCode.length',
        });
      else if (problem) ctx.addIssue({ code: 'custom', message: 'validation.fiscalCode.invalid' });
    });
}

/** A day that may be left empty (''), else typed as dd/mm/yyyy like dayField. */
export function optionalDayField(invalid = 'validation.dateFormat') {
  return z
    .string()
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return '';
      const day = parseItalianDate(text);
      if (!day) {
        ctx.addIssue({ code: 'custom', message: invalid });
        return z.NEVER;
      }
      return day;
    });
}

/**
 * An Italian IBAN as typed (spaces and lower case forgiven), its check digits verified; '' when left empty,
 * refused with `missing` when one is required.
 */
export function ibanField(missing?: string) {
  return z
    .string()
    .transform((text) => text.replace(/\s+/g, '').toUpperCase())
    .superRefine((iban, ctx) => {
      if (iban === '') {
        if (missing) ctx.addIssue({ code: 'custom', message: missing });
      } else if (!hasItalianIbanShape(iban)) ctx.addIssue({ code: 'custom', message: 'validation.iban.shape' });
      else if (!isValidItalianIban(iban)) ctx.addIssue({ code: 'custom', message: 'validation.iban.check' });
    });
}
