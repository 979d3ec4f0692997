import { z } from 'zod';
import { isPhoneNumber } from '../../domain/phone.ts';

export const REGISTRY_TABS = ['generali', 'altre', 'servizi', 'fascicolo'] as const;
export type RegistryTab = (typeof REGISTRY_TABS)[number];

export const contactDataSchema = z.object({
  alunno: z.string().min(1),
  email: z.string().trim().min(1, 'validation.emailMissing').max(254, 'validation.emailTooLong').pipe(z.email('validation.email')),
  phone: z
    .string()
    .trim()
    .max(24, 'validation.phoneTooLong')
    .refine((v) => v === '' || isPhoneNumber(v), 'validation.phone')
    .transform((v) => (v === '' ? null : v)),
});

export const wrongDataSchema = z.object({
  alunno: z.string().min(1),
  sezione: z.enum(REGISTRY_TABS, { message: 'validation.reportTab' }),
  messaggio: z.string().trim().min(10, 'validation.reportTooShort').max(2000, 'validation.messageTooLong2000'),
});

/** ?alunno=&anno= of a 730 certificate; anything else is a certificate that does not exist. */
export const certificateQuerySchema = z.object({
  alunno: z.uuid(),
  anno: z.coerce.number().int().min(2000).max(2100),
});
