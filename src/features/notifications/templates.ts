import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';
import type { MessageLanguage, NotificationKind } from '../../domain/notifications.ts';
import type { Tenant } from '../../generated/prisma/client.ts';

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../locales');
const read = (language: MessageLanguage) =>
  JSON.parse(readFileSync(path.join(localesDir, language, 'notifications.json'), 'utf8')) as Record<string, unknown>;

const instance = i18next.createInstance();
void instance.init({
  lng: 'it',
  fallbackLng: 'it',
  initAsync: false,
  resources: { it: { translation: read('it') }, en: { translation: read('en') } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The texts of one language (parent pages use the app's `t`; messages are written in the parent's language). */
export function messageTexts(language: MessageLanguage): TFunction {
  return instance.getFixedT(language);
}

/** A message ready for any channel: plain paragraphs (valid markdown for IO, text and HTML for e-mail). */
export interface RenderedMessage {
  subject: string;
  paragraphs: string[];
}

/** Greeting, the kind's paragraphs, the portal's link, and the Comune's office with its contacts. */
export function renderMessage(
  language: MessageLanguage,
  kind: NotificationKind,
  tenant: Tenant,
  recipientName: string,
  values: Record<string, unknown>,
  extraKeys: string[],
  url: string,
): RenderedMessage {
  const t = messageTexts(language);
  const all = { tenant: tenant.name, ...values };
  return {
    subject: t(`notifications.kinds.${kind}.subject`, all),
    paragraphs: [
      t('notifications.greeting', { name: recipientName }),
      t(`notifications.kinds.${kind}.body`, all),
      ...extraKeys.map((key) => t(`notifications.kinds.${kind}.${key}`, all)),
      t('notifications.link', { url }),
      t('notifications.footer', {
        office: tenant.officeName,
        tenant: tenant.name,
        email: tenant.officeEmail,
        phone: tenant.officePhone,
        address: tenant.officeAddress,
        hours: tenant.officeHours,
      }),
    ],
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The e-mail's HTML part: each paragraph escaped, its line breaks kept and its URLs made links. */
export function htmlOf(message: RenderedMessage): string {
  const paragraph = (text: string) =>
    `<p>${escapeHtml(text)
      .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
      .replace(/\n/g, '<br>')}</p>`;
  return `<!doctype html><html><body>${message.paragraphs.map(paragraph).join('\n')}</body></html>`;
}

/** Markdown for IO: paragraphs separated by a blank line, a line break inside one kept as markdown's hard break. */
export function markdownOf(message: RenderedMessage): string {
  return message.paragraphs.map((p) => p.replace(/\n/g, '  \n')).join('\n\n');
}
