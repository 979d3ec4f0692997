import { z } from 'zod';
import { isSchoolYear } from '../../../domain/school-year.ts';
import { dayField } from '../../../web/forms.ts';
import { asList } from '../canteen/schemas.ts';
import { optionalEuroField } from '../tariffs/schemas.ts';

export const ENROLLMENT_SORTS = ['student', 'service', 'startsOn', 'state'] as const;

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((text) => text || null);

const optionalDay = (invalid: string) =>
  z
    .preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), dayField(invalid, invalid).optional())
    .transform((day) => day ?? null);

/** INPS DSU protocol, e.g. INPS-ISEE-2026-00012345A-00. */
const DSU_PROTOCOL = /^INPS-ISEE-\d{4}-[0-9A-Z]{8,9}-\d{2}$/;

/** An optional DSU protocol as typed (upper-cased), checked for its INPS shape; null when empty. */
export const dsuProtocolField = z
  .string()
  .trim()
  .toUpperCase()
  .optional()
  .transform((text) => text || null)
  .refine((text) => text === null || DSU_PROTOCOL.test(text), 'validation.dsuProtocol');

/** What a clerk may change on an enrollment (the student, service and school year are fixed once created). */
const enrollmentFields = z.object({
  schoolId: z.uuid({ error: 'Scegli il plesso.' }),
  classId: z
    .preprocess((value) => (value === '' ? undefined : value), z.uuid({ error: 'Scegli la classe.' }).optional())
    .transform((id) => id ?? null),
  mealWeekdays: z.preprocess(
    asList,
    z
      .array(z.enum(['1', '2', '3', '4', '5'], { error: 'Giorni di rientro non validi.' }))
      .transform((days) => [...new Set(days.map(Number))].sort()),
  ),
  isee: optionalEuroField,
  dsuProtocol: dsuProtocolField,
  exemptionReason: optionalText(200, "Il motivo dell'esenzione può avere al massimo 200 caratteri."),
  startsOn: dayField('Indica il primo giorno del servizio.'),
  endsOn: optionalDay("Inserisci l'ultimo giorno nel formato gg/mm/aaaa, o lascialo vuoto."),
  dietCode: optionalText(20, 'Il codice della dieta può avere al massimo 20 caratteri.'),
  dietNote: optionalText(200, 'La nota sulla dieta può avere al massimo 200 caratteri.'),
});

const checks = <T extends z.infer<typeof enrollmentFields>>(schema: z.ZodType<T>) =>
  schema
    .refine((form) => form.isee === null || form.dsuProtocol !== null, {
      path: ['dsuProtocol'],
      message: "Indica il protocollo della DSU da cui risulta l'ISEE.",
    })
    .refine((form) => form.endsOn === null || form.startsOn <= form.endsOn, {
      path: ['endsOn'],
      message: "L'ultimo giorno non può precedere il primo.",
    });

export const enrollmentEditSchema = checks(enrollmentFields);

export const newEnrollmentSchema = checks(
  enrollmentFields.extend({
    student: z.string({ error: "Indica l'alunno." }).trim().min(1, "Indica l'alunno con il codice fiscale o il numero di badge."),
    serviceId: z.uuid({ error: 'Scegli il servizio.' }),
    schoolYear: z.string({ error: "Indica l'anno scolastico." }).trim().refine(isSchoolYear, "L'anno scolastico ha la forma 2026/2027."),
  }),
);

export const withdrawalSchema = z.object({
  withdrawnOn: dayField('Indica da quale giorno il servizio non è più usato.'),
  withdrawalReason: z
    .string({ error: 'Indica il motivo del ritiro.' })
    .trim()
    .min(3, 'Indica il motivo del ritiro (almeno 3 caratteri).')
    .max(200, 'Il motivo può avere al massimo 200 caratteri.'),
});

export type EnrollmentEdit = z.infer<typeof enrollmentEditSchema>;
export type NewEnrollment = z.infer<typeof newEnrollmentSchema>;
export type Withdrawal = z.infer<typeof withdrawalSchema>;
