// The generic machinery of a pratica's form: each type lists its steps, each step its fields and one zod schema;
// the step page, the summary, the PDF and the clerk's detail are drawn from these lists, never per type.
import { z, type ZodType } from 'zod';
import type { ApplicationType } from '../../generated/prisma/enums.ts';
import type { School, SchoolClass } from '../../generated/prisma/client.ts';
import { messageKey } from '../../web/forms.ts';
import type { FamilyStudent } from '../family/scope.ts';

export interface FieldOption {
  value: string;
  /** Shown as is (a school's name) … */
  label?: string;
  /** … or an i18n key (a fixed choice). */
  labelKey?: string;
}

export interface FieldDef {
  name: string;
  kind: 'text' | 'date' | 'textarea' | 'select' | 'radio' | 'checkboxes' | 'checkbox' | 'file';
  /** For select, radio and checkboxes. */
  options?: (context: FormContext) => FieldOption[];
}

/** What the choices of a form are drawn from: the family's children and the Comune's schools and classes. */
export interface FormContext {
  students: FamilyStudent[];
  schools: School[];
  classes: (SchoolClass & { school: Pick<School, 'name'> })[];
}

export type StepValues = Record<string, string | string[]>;

export interface StepDef {
  key: string;
  fields: FieldDef[];
  schema: (context: FormContext) => ZodType;
}

export interface PraticaType {
  type: ApplicationType;
  /** In the URL: /pratiche/<slug>. */
  slug: string;
  /** The window names a school year (enrollment). */
  needsSchoolYear: boolean;
  steps: StepDef[];
}

/** The diets a family may ask for (the names are in locales/it/diets.json). */
export const DIET_CODES = [
  'SENZA_GLUTINE',
  'SENZA_LATTOSIO',
  'SENZA_LATTE_E_DERIVATI',
  'SENZA_UOVA',
  'SENZA_FRUTTA_A_GUSCIO',
  'SENZA_PESCE',
  'SENZA_CARNE_SUINA',
  'VEGETARIANA',
  'VEGANA',
  'IPOCALORICA',
] as const;

export const dietOptions = (): FieldOption[] => DIET_CODES.map((code) => ({ value: code, labelKey: `diets.${code}` }));

export const familyChildOptions = (context: FormContext): FieldOption[] =>
  context.students.map((s) => ({ value: s.id, label: `${s.firstName} ${s.lastName}` }));

/** A required choice among the family's children (a foreign id is refused as not chosen). */
export const familyChildField = (context: FormContext) =>
  z.string().refine((id) => context.students.some((s) => s.id === id), { error: 'validation.student.choose' });

export const requiredText = (missing: string, max = 200) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: messageKey('validation.maxChars', { max }) });

export const optionalText = (max = 500) =>
  z
    .string()
    .trim()
    .max(max, { error: messageKey('validation.maxChars', { max }) })
    .optional()
    .transform((text) => text ?? '');

/** A checkbox the parent must tick (declarations). */
export const ticked = (message: string) => z.literal('on', { error: message });

/** A file field holds the id of the attachment already uploaded to the draft ('' if none yet). */
export const uploadedFileField = () =>
  z
    .string()
    .optional()
    .transform((id) => id ?? '');
