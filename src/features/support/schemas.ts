import { z } from 'zod';

export const contactSchema = z.object({
  alunno: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
  oggetto: z.string().trim().min(3, 'validation.subjectTooShort').max(120, 'validation.subjectTooLong'),
  messaggio: z.string().trim().min(10, 'validation.messageTooShort').max(4000, 'validation.messageTooLong4000'),
  email: z.string().trim().min(1, 'validation.replyEmailMissing').max(254, 'validation.emailTooLong').pipe(z.email('validation.email')),
});

export type ContactInput = z.infer<typeof contactSchema>;
