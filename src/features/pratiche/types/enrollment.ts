import { z } from 'zod';
import { studentSchema } from '../../admin/registry/schemas.ts';
import { dsuProtocolField } from '../../admin/enrollments/schemas.ts';
import { optionalEuroField } from '../../admin/tariffs/schemas.ts';
import { asList } from '../../admin/canteen/schemas.ts';
import { ticked, type FieldDef, type FormContext, type PraticaType } from '../fields.ts';
import { dietFields, dietSchema } from './diet.ts';
import { paymentMethodFields, paymentMethodSchema } from './payment-method.ts';

const WEEKDAYS = ['1', '2', '3', '4', '5'] as const;

const newChildSchema = studentSchema.pick({
  fiscalCode: true,
  firstName: true,
  lastName: true,
  birthDate: true,
  sex: true,
  birthPlace: true,
  birthProvince: true,
});

/** One of the family's children (a returning student), or '' and the new child's data. */
const childSchema = (context: FormContext) =>
  z
    .object({
      studentId: z
        .string()
        .optional()
        .transform((id) => id ?? ''),
    })
    .catchall(z.unknown())
    .transform((form, ctx) => {
      if (form.studentId !== '') {
        if (!context.students.some((s) => s.id === form.studentId)) {
          ctx.addIssue({ code: 'custom', path: ['studentId'], message: 'validation.student.choose' });
          return z.NEVER;
        }
        return { studentId: form.studentId, newChild: null };
      }
      const child = newChildSchema.safeParse(form);
      if (!child.success) {
        for (const issue of child.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        return z.NEVER;
      }
      return { studentId: null, newChild: child.data };
    });

const placeSchema = (context: FormContext) =>
  z
    .object({
      schoolId: z.string().refine((id) => context.schools.some((s) => s.id === id), { error: 'pratiche.errors.school' }),
      classId: z
        .string()
        .optional()
        .transform((id) => id || null),
      mealWeekdays: z.preprocess(
        asList,
        z
          .array(z.enum(WEEKDAYS, { error: 'pratiche.errors.weekdaysInvalid' }))
          .min(1, { error: 'pratiche.errors.weekdays' })
          .transform((days) => [...new Set(days.map(Number))].sort()),
      ),
    })
    .refine((form) => !form.classId || context.classes.some((c) => c.id === form.classId && c.schoolId === form.schoolId), {
      path: ['classId'],
      message: 'pratiche.errors.classOfSchool',
    });

/** No special diet, or the diet asked with its certificate, checked as in the Dieta speciale pratica. */
const enrollmentDietSchema = () =>
  z
    .object({ dietRequested: z.enum(['NO', 'SI'], { error: 'pratiche.errors.dietRequested' }) })
    .catchall(z.unknown())
    .transform((form, ctx) => {
      if (form.dietRequested === 'NO') return { dietRequested: false as const, diet: null };
      const diet = dietSchema().safeParse(form);
      if (!diet.success) {
        for (const issue of diet.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        return z.NEVER;
      }
      return { dietRequested: true as const, diet: diet.data };
    });

const iseeSchema = () =>
  z.object({ isee: optionalEuroField, dsuProtocol: dsuProtocolField }).refine((form) => form.isee === null || form.dsuProtocol !== null, {
    path: ['dsuProtocol'],
    message: 'pratiche.errors.dsuForIsee',
  });

const yesNo: FieldDef['options'] = () => [
  { value: 'NO', labelKey: 'pratiche.options.NO' },
  { value: 'SI', labelKey: 'pratiche.options.SI' },
];

export const enrollmentType: PraticaType = {
  type: 'ENROLLMENT',
  slug: 'iscrizione-mensa',
  needsSchoolYear: true,
  steps: [
    {
      key: 'alunno',
      fields: [
        {
          name: 'studentId',
          kind: 'select',
          options: (context) => [
            { value: '', labelKey: 'pratiche.options.newChild' },
            ...context.students.map((s) => ({ value: s.id, label: `${s.firstName} ${s.lastName}` })),
          ],
        },
        { name: 'fiscalCode', kind: 'text' },
        { name: 'firstName', kind: 'text' },
        { name: 'lastName', kind: 'text' },
        { name: 'birthDate', kind: 'date' },
        { name: 'birthPlace', kind: 'text' },
        { name: 'birthProvince', kind: 'text' },
        {
          name: 'sex',
          kind: 'radio',
          options: () => [
            { value: 'F', labelKey: 'pratiche.options.F' },
            { value: 'M', labelKey: 'pratiche.options.M' },
          ],
        },
      ],
      schema: childSchema,
    },
    {
      key: 'scuola',
      fields: [
        { name: 'schoolId', kind: 'select', options: (context) => context.schools.map((s) => ({ value: s.id, label: s.name })) },
        {
          name: 'classId',
          kind: 'select',
          options: (context) => [
            { value: '', labelKey: 'pratiche.options.noClass' },
            ...context.classes.map((c) => ({ value: c.id, label: `${c.school.name} — ${c.name}` })),
          ],
        },
        {
          name: 'mealWeekdays',
          kind: 'checkboxes',
          options: () => WEEKDAYS.map((day) => ({ value: day, labelKey: `pratiche.weekdays.${day}` })),
        },
      ],
      schema: placeSchema,
    },
    { key: 'dieta', fields: [{ name: 'dietRequested', kind: 'radio', options: yesNo }, ...dietFields], schema: enrollmentDietSchema },
    {
      key: 'isee',
      fields: [
        { name: 'isee', kind: 'text' },
        { name: 'dsuProtocol', kind: 'text' },
      ],
      schema: iseeSchema,
    },
    { key: 'pagamento', fields: paymentMethodFields, schema: paymentMethodSchema },
    {
      key: 'dichiarazioni',
      fields: [
        { name: 'declareTruth', kind: 'checkbox' },
        { name: 'declareTariffs', kind: 'checkbox' },
      ],
      schema: () =>
        z.object({
          declareTruth: ticked('pratiche.errors.declareTruth'),
          declareTariffs: ticked('pratiche.errors.declareTariffs'),
        }),
    },
  ],
};
