import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { requireCitizen } from '../../auth/guards.ts';
import { MESSAGE_LANGUAGES } from '../../domain/notifications.ts';
import { parentFrame } from '../family/page.ts';
import { flash } from '../../web/view-locals.ts';
import { notificationChoices, notificationHistory, saveNotificationChoices } from './service.ts';

const choicesSchema = z.object({
  language: z.enum(MESSAGE_LANGUAGES),
  channels: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

/** The parent's "Comunicazioni": what was sent to them, and (for the intestatario) how they want to be told. */
export function notificationsRoutes({ prisma }: AppDeps): Router {
  const router = express.Router();
  router.use(requireCitizen());

  const render = async (res: Response, status: number, error?: string) => {
    const { auth, tenant, t } = res.locals;
    const owner = auth!.ownGuardianId;
    const [history, choices] = owner
      ? await Promise.all([notificationHistory(prisma, tenant.id, owner), notificationChoices(prisma, tenant.id, owner, res.locals.lang)])
      : [[], null];
    res.status(status).render('notifications/index', {
      ...parentFrame(res, 'notifications', t('notifications.page.title')),
      history,
      choices,
      error,
    });
  };

  router.get('/', (_req, res) => render(res, 200));

  router.post('/preferenze', async (req, res) => {
    const { auth, tenant, t } = res.locals;
    if (!auth!.ownGuardianId) return render(res, 403, t('notifications.page.onlyOwner'));
    const form = choicesSchema.safeParse(req.body);
    if (!form.success) return render(res, 422, t('notifications.page.badLanguage'));
    await saveNotificationChoices(prisma, tenant.id, auth!.ownGuardianId, form.data.language, form.data.channels);
    flash(req, 'success', t('notifications.page.saved'));
    res.redirect(`/${tenant.slug}/comunicazioni`);
  });
  return router;
}
