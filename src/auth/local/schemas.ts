import { z } from 'zod';

// Messages are locale keys (login.validation.*, account.validation.*): companies log in here, in either language.
export const localLoginSchema = z.object({
  username: z.string().trim().min(1, 'login.validation.username').max(64, 'login.validation.usernameTooLong'),
  password: z.string().min(1, 'login.validation.password').max(256, 'login.validation.passwordTooLong'),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'account.validation.current'),
    newPassword: z
      .string()
      .min(12, 'account.validation.tooShort')
      .max(256, 'account.validation.tooLong')
      .regex(/[A-Za-z]/, 'account.validation.letter')
      .regex(/[0-9]/, 'account.validation.digit'),
    confirmPassword: z.string(),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    path: ['confirmPassword'],
    message: 'account.validation.mismatch',
  });
