import { z } from 'zod';
import { dayField } from '../../../web/forms.ts';
import { requiredText, type PraticaType } from '../fields.ts';

export const residenceType: PraticaType = {
  type: 'RESIDENCE',
  slug: 'cambio-residenza',
  needsSchoolYear: false,
  steps: [
    {
      key: 'indirizzo',
      fields: [
        { name: 'residenceStreet', kind: 'text' },
        { name: 'residenceZip', kind: 'text' },
        { name: 'residenceCity', kind: 'text' },
        { name: 'residenceProv', kind: 'text' },
        { name: 'movedOn', kind: 'date' },
      ],
      schema: () =>
        z.object({
          residenceStreet: requiredText('pratiche.errors.street'),
          residenceZip: z
            .string()
            .trim()
            .regex(/^\d{5}$/, { error: 'pratiche.errors.zip' }),
          residenceCity: requiredText('pratiche.errors.city', 80),
          residenceProv: z
            .string()
            .trim()
            .toUpperCase()
            .regex(/^[A-Z]{2}$/, { error: 'pratiche.errors.province' }),
          movedOn: dayField('pratiche.errors.movedOn'),
        }),
    },
  ],
};
