// What a pratica's payload holds: the values typed in each step, as typed (a draft may be half wrong); parsed
// with the steps' schemas when the family goes on, submits, or a clerk accepts.
import type { ZodError } from 'zod';
import type { Prisma } from '../../generated/prisma/client.ts';
import { formFallback } from '../../web/forms.ts';
import type { FormContext, PraticaType, StepValues } from './fields.ts';

export interface Payload {
  steps: Record<string, StepValues>;
}

export function payloadOf(json: Prisma.JsonValue): Payload {
  const steps = (json as { steps?: unknown } | null)?.steps;
  return { steps: steps && typeof steps === 'object' ? (steps as Record<string, StepValues>) : {} };
}

export type ParsedPratica = { ok: true; data: Record<string, Record<string, unknown>> } | { ok: false; step: string; error: ZodError };

/** Every step parsed with its schema, or the first step that does not pass (where the family is sent back to). */
export function parsePratica(kind: PraticaType, payload: Payload, context: FormContext): ParsedPratica {
  const data: Record<string, Record<string, unknown>> = {};
  for (const step of kind.steps) {
    const parsed = step.schema(context).safeParse(payload.steps[step.key] ?? {}, { error: formFallback });
    if (!parsed.success) return { ok: false, step: step.key, error: parsed.error };
    data[step.key] = parsed.data as Record<string, unknown>;
  }
  return { ok: true, data };
}

/** The values of a step without the form's own fields (token, chosen button). */
export function stepValuesFrom(body: unknown, fieldNames: readonly string[]): StepValues {
  const values: StepValues = {};
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  for (const name of fieldNames) {
    const value = source[name];
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}
