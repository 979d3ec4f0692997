import { z } from 'zod';
import { ibanField } from '../../../web/forms.ts';
import { optionalText, type FieldDef, type PraticaType } from '../fields.ts';

export const paymentMethodFields: FieldDef[] = [
  {
    name: 'paymentMethod',
    kind: 'radio',
    options: () => [
      { value: 'PAGOPA', labelKey: 'pratiche.options.PAGOPA' },
      { value: 'SDD', labelKey: 'pratiche.options.SDD' },
    ],
  },
  { name: 'iban', kind: 'text' },
  { name: 'debtorName', kind: 'text' },
];

/** pagoPA, or SEPA direct debit from a checked Italian IBAN (the holder is the parent unless named). */
export const paymentMethodSchema = () =>
  z
    .object({
      paymentMethod: z.enum(['PAGOPA', 'SDD'], { error: 'validation.payMode' }),
      iban: ibanField(),
      debtorName: optionalText(70),
    })
    .superRefine((form, ctx) => {
      if (form.paymentMethod === 'SDD' && form.iban === '')
        ctx.addIssue({ code: 'custom', path: ['iban'], message: 'pratiche.errors.sddIban' });
    });

export const paymentMethodType: PraticaType = {
  type: 'PAYMENT_METHOD',
  slug: 'modalita-pagamento',
  needsSchoolYear: false,
  steps: [{ key: 'pagamento', fields: paymentMethodFields, schema: paymentMethodSchema }],
};
