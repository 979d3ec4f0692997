import { z } from 'zod';
import {
  dietOptions,
  familyChildField,
  familyChildOptions,
  optionalText,
  uploadedFileField,
  type FieldDef,
  type PraticaType,
} from '../fields.ts';

export const dietFields: FieldDef[] = [
  {
    name: 'dietKind',
    kind: 'radio',
    options: () => [
      { value: 'MEDICAL', labelKey: 'pratiche.options.MEDICAL' },
      { value: 'ETHICAL', labelKey: 'pratiche.options.ETHICAL' },
    ],
  },
  { name: 'dietCode', kind: 'select', options: dietOptions },
  { name: 'dietNote', kind: 'textarea' },
  { name: 'dietCertificate', kind: 'file' },
];

/** A medical diet needs the doctor's certificate; an ethical or religious one may come without. */
export const dietSchema = () =>
  z
    .object({
      dietKind: z.enum(['MEDICAL', 'ETHICAL'], { error: 'pratiche.errors.dietKind' }),
      dietCode: z.string().min(1, { error: 'pratiche.errors.dietCode' }),
      dietNote: optionalText(200),
      dietCertificate: uploadedFileField(),
    })
    .superRefine((form, ctx) => {
      if (form.dietKind === 'MEDICAL' && form.dietCertificate === '')
        ctx.addIssue({ code: 'custom', path: ['dietCertificate'], message: 'pratiche.errors.dietCertificate' });
    });

export const dietType: PraticaType = {
  type: 'DIET',
  slug: 'dieta-speciale',
  needsSchoolYear: false,
  steps: [
    {
      key: 'alunno',
      fields: [{ name: 'studentId', kind: 'select', options: familyChildOptions }],
      schema: (context) => z.object({ studentId: familyChildField(context) }),
    },
    { key: 'dieta', fields: dietFields, schema: dietSchema },
  ],
};
