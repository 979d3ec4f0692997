import type { Translate } from './i18n.ts';

/**
 * A special diet as people read it: the Italian name from locales/it/diets.json, or, for a code a clerk made
 * up (codes are free, e.g. SENZA_SESAMO), the code written as words.
 */
export function dietLabel(t: Translate, code: string): string {
  const words = code.toLowerCase().replace(/_+/g, ' ').trim();
  return t(`diets.${code}`, { defaultValue: words.charAt(0).toUpperCase() + words.slice(1) });
}
