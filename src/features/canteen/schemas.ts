// One schema per parent form. Messages are keys of locales/it/canteen.json, translated when shown.
import { z } from 'zod';
import { addDays } from '../../domain/dates.ts';
import { dayField as anyDayField } from '../../web/forms.ts';
import { isMonth } from '../../domain/month-grid.ts';

const V = 'canteen.validation';

const dayField = (missing: string) => anyDayField(missing, `${V}.date`);

const studentField = z
  .string({ error: `${V}.student` })
  .trim()
  .min(1, `${V}.student`);

export const calendarQuery = z.object({
  alunno: z.string().optional().catch(undefined),
  mese: z.string().refine(isMonth).optional().catch(undefined),
});

export const DAY_ACTIONS = ['CANCEL', 'BLAND', 'UNDO', 'PROLONGED', 'REACTIVATE'] as const;

export const dayActionSchema = z.object({
  alunno: studentField,
  data: dayField(`${V}.date`),
  azione: z.enum(DAY_ACTIONS, { error: `${V}.action` }),
});

export const nextMealSchema = z.object({
  alunno: studentField,
  ritorno: z.string().optional(),
});

/** From–to, both typed by the parent, at most a year apart. */
const periodFields = { da: dayField(`${V}.from`), a: dayField(`${V}.to`) };

function withPeriodRules<S extends z.ZodType<{ da: string; a: string }>>(schema: S) {
  return schema
    .refine((form) => form.da <= form.a, { path: ['a'], message: `${V}.order` })
    .refine((form) => form.a <= addDays(form.da, 366), { path: ['a'], message: `${V}.tooLong` });
}

export const searchSchema = withPeriodRules(z.object({ alunno: studentField, ...periodFields }));

export const ABSENCE_KINDS = { ASSENTE: 'ABSENT', PASTO_IN_BIANCO: 'BLAND' } as const;

export const absenceSchema = withPeriodRules(
  z.object({ alunno: studentField, ...periodFields, tipologia: z.enum(['ASSENTE', 'PASTO_IN_BIANCO'], { error: `${V}.kind` }) }),
);

export const prolongedSchema = z.object({ alunno: studentField, inizio: dayField(`${V}.prolongedFrom`) });

export const reactivationSchema = z.object({ alunno: studentField, ripresa: dayField(`${V}.reactivateFrom`) });
