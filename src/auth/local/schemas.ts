import { z } from 'zod';

export const localLoginSchema = z.object({
  username: z.string().trim().min(1, 'Inserisci il nome utente.').max(64, 'Nome utente troppo lungo.'),
  password: z.string().min(1, 'Inserisci la password.').max(256, 'Password troppo lunga.'),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Inserisci la password attuale.'),
    newPassword: z
      .string()
      .min(12, 'La nuova password deve avere almeno 12 caratteri.')
      .max(256, 'La nuova password è troppo lunga.')
      .regex(/[A-Za-z]/, 'La nuova password deve contenere almeno una lettera.')
      .regex(/[0-9]/, 'La nuova password deve contenere almeno una cifra.'),
    confirmPassword: z.string(),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    path: ['confirmPassword'],
    message: 'Le due password non coincidono.',
  });
