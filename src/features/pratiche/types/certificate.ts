import { z } from 'zod';
import { familyChildField, familyChildOptions, optionalText, type PraticaType } from '../fields.ts';

export const certificateType: PraticaType = {
  type: 'CERTIFICATE',
  slug: 'certificazione-mensa',
  needsSchoolYear: false,
  steps: [
    {
      key: 'richiesta',
      fields: [
        { name: 'studentId', kind: 'select', options: familyChildOptions },
        { name: 'year', kind: 'text' },
        { name: 'note', kind: 'textarea' },
      ],
      schema: (context) =>
        z.object({
          studentId: familyChildField(context),
          year: z
            .string()
            .trim()
            .regex(/^20\d{2}$/, { error: 'pratiche.errors.certificateYear' }),
          note: optionalText(),
        }),
    },
  ],
};
