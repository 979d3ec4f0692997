import { z, type ZodError, type ZodType } from 'zod';
import { parseItalianDate } from '../domain/dates.ts';

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

/** One error not tied to the schema (e.g. a rule checked by the service), shown the same way. */
export function formError(field: string, message: string): FormErrors {
  return { summary: [{ field, message }], byField: { [field]: message } };
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
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: formErrorsFrom(parsed.error), values };
}

/** A day typed as dd/mm/yyyy (or sent by a date picker as ISO), turned into an ISO date. */
export function dayField(missing: string, invalid = 'Inserisci una data valida nel formato gg/mm/aaaa.') {
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
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

/** A day that may be left empty (''), else typed as dd/mm/yyyy like dayField. */
export function optionalDayField(invalid = 'Inserisci una data valida nel formato gg/mm/aaaa.') {
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
