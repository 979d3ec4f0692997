import type { Response } from 'express';

/** A page that posts itself to `action` (SAML HTTP-POST binding); its script lives in public/js, as the CSP wants. */
export function renderAutoPost(res: Response, action: string, fields: Record<string, string>): void {
  res.render('auth/saml/auto-post', { title: res.locals.t('login.redirect.title'), action, fields });
}
