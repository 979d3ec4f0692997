import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n } from 'i18next';

type Tree = Record<string, unknown>;

/** A UI string by key, with its interpolation values: what views get as `t`. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The portal's languages; Italian is the default and the fallback of any key English lacks. */
export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'it';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Namespaces whose file name starts with `admin` are staff-only and may stay Italian; every other namespace is
 * parent-facing and exists in every language with the same keys (test/unit/locales.test.ts checks it).
 */
export function isStaffOnlyNamespace(fileName: string): boolean {
  return fileName.startsWith('admin');
}

/** Every JSON file of a locale folder, merged: each feature keeps its strings in its own file. */
function loadLocale(dir: string): Tree {
  const merged: Tree = {};
  if (!existsSync(dir)) return merged;
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    Object.assign(merged, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Tree);
  }
  return merged;
}

/** UI strings by key, one folder of JSON files per language under locales/. */
export function createI18n(localesDir: string): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    resources: Object.fromEntries(LANGUAGES.map((lng) => [lng, { translation: loadLocale(path.join(localesDir, lng)) }])),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const PLAIN_STRINGS_KEPT = 5_000;

/**
 * `t` for views and routes in one language. A key without interpolation always gives the same string, and a page
 * asks for hundreds (a calendar's every cell), so those are kept once looked up instead of walking i18next each time.
 */
export function translator(instance: i18n, language: Language = DEFAULT_LANGUAGE): Translate {
  const translate = instance.getFixedT(language) as unknown as Translate;
  const plain = new Map<string, string>();
  return (key, options) => {
    if (options) return translate(key, options);
    let text = plain.get(key);
    if (text === undefined) {
      text = translate(key);
      if (plain.size >= PLAIN_STRINGS_KEPT) plain.clear();
      plain.set(key, text);
    }
    return text;
  };
}

const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');
let jobTranslate: Translate | undefined;

/** `t` outside a request (a PDF a job builds): the same strings, loaded once per process. */
export function translateForJobs(): Translate {
  return (jobTranslate ??= translator(createI18n(LOCALES_DIR)));
}
