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
          residenceStreet: requiredText('Scrivi la via e il numero civico.'),
          residenceZip: z
            .string()
            .trim()
            .regex(/^\d{5}$/, { error: 'Il CAP ha 5 cifre.' }),
          residenceCity: requiredText('Scrivi il comune di residenza.', 80),
          residenceProv: z
            .string()
            .trim()
            .toUpperCase()
            .regex(/^[A-Z]{2}$/, { error: 'La provincia è la sigla di 2 lettere, ad esempio BG.' }),
          movedOn: dayField('Scrivi da quando abiti al nuovo indirizzo.'),
        }),
    },
  ],
};
