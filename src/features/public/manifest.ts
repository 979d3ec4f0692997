import express, { type Router } from 'express';

/** The Bootstrap Italia primary blue: the browser's bar and the splash screen of the installed app. */
export const THEME_COLOUR = '#0066cc';

/**
 * The web app manifest of a Comune's portal, so a parent can add it to the home screen. There is no service worker:
 * nothing (let alone personal data) is cached for offline use.
 */
export function manifestRoutes(): Router {
  const router = express.Router();
  router.get('/manifest.webmanifest', (_req, res) => {
    const { tenant, t, lang } = res.locals;
    const icon = (size: number, purpose: string) => ({
      src: `/static/img/icons/icon-${size}.png`,
      sizes: `${size}x${size}`,
      type: 'image/png',
      purpose,
    });
    res.type('application/manifest+json').json({
      id: `/${tenant.slug}/`,
      name: `${tenant.name} — ${t('frame.appName')}`,
      short_name: t('frame.appShortName'),
      description: t('frame.tagline'),
      lang,
      start_url: `/${tenant.slug}/home`,
      scope: `/${tenant.slug}/`,
      display: 'standalone',
      theme_color: THEME_COLOUR,
      background_color: '#ffffff',
      icons: [icon(192, 'any'), icon(512, 'any'), icon(512, 'maskable')],
    });
  });
  return router;
}
