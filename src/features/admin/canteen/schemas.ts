import { z } from 'zod';
import { isAllergenNumber } from '../../../domain/allergens.ts';
import { COURSE_ORDER } from '../../../domain/menu.ts';
import { isIsoDate } from '../../../domain/dates.ts';
import { dayField, fieldText } from '../../../web/forms.ts';
import { isSchoolYear } from '../../../domain/school-year.ts';

/** Unchecked checkboxes are not sent at all; one checked box arrives as a string, several as an array. */
export const asList = (value: unknown): unknown[] => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);
const checkbox = z.preprocess((value) => value === 'on' || value === '1' || value === 'true', z.boolean());

const reasonField = z
  .string({ error: 'Indica il motivo della chiusura.' })
  .trim()
  .min(3, 'Indica il motivo della chiusura (almeno 3 caratteri).')
  .max(120, 'Il motivo può avere al massimo 120 caratteri.');

export const CLOSURE_KINDS = ['HOLIDAY', 'BREAK', 'BRIDGE', 'EXTRAORDINARY'] as const;

export const uuidParam = z.uuid();
export const isoDateParam = z.string().refine(isIsoDate);
export const schoolYearParam = z.string().refine(isSchoolYear);

export const periodSchema = z
  .object({
    schoolYear: z.string().refine(isSchoolYear, 'Anno scolastico non valido.'),
    startsOn: dayField('Indica il primo giorno di servizio.'),
    endsOn: dayField("Indica l'ultimo giorno di servizio."),
  })
  .refine((form) => form.startsOn <= form.endsOn, {
    path: ['endsOn'],
    message: "L'ultimo giorno di servizio non può precedere il primo.",
  });

export const closureRangeSchema = z
  .object({
    from: dayField('Indica il primo giorno di chiusura.'),
    to: dayField("Indica l'ultimo giorno di chiusura."),
    kind: z.enum(CLOSURE_KINDS, { error: 'Scegli il tipo di chiusura.' }),
    reason: reasonField,
    allSchools: checkbox,
  })
  .refine((form) => form.from <= form.to, {
    path: ['to'],
    message: "L'ultimo giorno di chiusura non può precedere il primo.",
  });

// Named apart from the range form's fields: both forms share one page, and error links need unique ids.
export const extraordinaryClosureSchema = z.object({
  extraDate: dayField('Indica il giorno della chiusura straordinaria.'),
  extraReason: reasonField,
  extraAllSchools: checkbox,
});

export const removeClosuresSchema = z.object({
  ids: z.preprocess((value) => fieldText(value).split(',').filter(Boolean), z.array(z.uuid()).min(1)),
});

export const mealWeekdaysSchema = z.object({
  weekdays: z.preprocess(
    asList,
    z
      .array(z.coerce.number().int().min(1, 'Giorno non valido.').max(5, 'Si possono scegliere solo i giorni da lunedì a venerdì.'))
      .min(1, 'Seleziona almeno un giorno di rientro.'),
  ),
});

const dishSchema = z.object({
  course: z.enum(COURSE_ORDER, { error: 'Scegli la portata.' }),
  name: z.string().trim().min(2, 'Indica il nome del piatto.').max(120, 'Il nome del piatto può avere al massimo 120 caratteri.'),
  allergens: z.preprocess(asList, z.array(z.coerce.number().refine(isAllergenNumber, 'Allergene non valido.'))),
  dietCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z0-9_]{2,40})?$/, 'Il codice dieta può contenere solo lettere, cifre e trattini bassi (es. SENZA_GLUTINE).')
    .transform((code) => code || null),
});

export type DishInput = z.infer<typeof dishSchema>;

/**
 * The day's menu form has numbered rows (`name-0`, `course-0`, `allergens-0`, `dietCode-0`…) because the
 * body parser does not nest; rows left without a name and without allergens are spare rows and are ignored.
 */
export function dishRowsFrom(body: Record<string, unknown>): { index: number; raw: Record<string, unknown> }[] {
  const indexes = new Set<number>();
  for (const key of Object.keys(body)) {
    const match = /^(?:course|name|allergens|dietCode)-(\d{1,3})$/.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((index) => ({
      index,
      raw: {
        course: body[`course-${index}`],
        name: body[`name-${index}`] ?? '',
        allergens: body[`allergens-${index}`],
        dietCode: body[`dietCode-${index}`] ?? '',
      },
    }))
    .filter(({ raw }) => fieldText(raw.name).trim() !== '' || asList(raw.allergens).length > 0 || fieldText(raw.dietCode).trim() !== '');
}

export const dayMenuSchema = z.record(z.string(), z.unknown()).transform((body, ctx) => {
  const dishes: DishInput[] = [];
  for (const { index, raw } of dishRowsFrom(body)) {
    const parsed = dishSchema.safeParse(raw);
    if (parsed.success) dishes.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: [`${String(issue.path[0])}-${index}`] });
  }
  return dishes;
});

export const copyWeekSchema = z.object({ week: isoDateParam });

export const MEAL_STATUSES = ['PRESENT', 'ABSENT', 'BLAND'] as const;

export const correctionSchema = z.object({
  newStatus: z.enum(MEAL_STATUSES, { error: 'Scegli lo stato corretto del pasto.' }),
  reason: z
    .string({ error: 'Indica il motivo della correzione.' })
    .trim()
    .min(5, 'Indica il motivo della correzione (almeno 5 caratteri).')
    .max(300, 'Il motivo può avere al massimo 300 caratteri.'),
});
