import express, { type Request, type Router } from 'express';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './i18n.ts';

/** Remembers the parent's language across logins and sessions; it holds no personal data. */
export const LANGUAGE_COOKIE = 'lang';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The session's language, else the cookie's, else Italian. */
export function languageOf(req: Request): Language {
  const chosen = req.session?.language ?? cookieValue(req.headers.cookie, LANGUAGE_COOKIE);
  return isLanguage(chosen) ? chosen : DEFAULT_LANGUAGE;
}

/** Only a path of this site, so the switch cannot be made to redirect elsewhere. */
function localPath(raw: unknown): string {
  return typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') && !raw.includes('\\') ? raw : '/';
}

/** The header's Italiano / English links: GET /lingua/:language?ritorno=<path> sets session and cookie, then goes back. */
export function languageRoutes(options: { secure: boolean }): Router {
  const router = express.Router();
  router.get('/lingua/:language', (req, res) => {
    const { language } = req.params;
    if (!isLanguage(language)) {
      res.redirect(303, localPath(req.query.ritorno));
      return;
    }
    if (req.session) req.session.language = language;
    res.cookie(LANGUAGE_COOKIE, language, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: true, secure: options.secure, path: '/' });
    res.redirect(303, localPath(req.query.ritorno));
  });
  return router;
}
