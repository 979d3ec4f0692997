import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n } from 'i18next';

type Tree = Record<string, unknown>;

/** A UI string by key, with its interpolation values: what views get as `t`. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Every JSON file of a locale folder, merged: each feature keeps its strings in its own file. */
function loadLocale(dir: string): Tree {
  const merged: Tree = {};
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    Object.assign(merged, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Tree);
  }
  return merged;
}

/** UI strings by key; Italian is the only locale for now, so English later is a folder, not a rewrite. */
export function createI18n(localesDir: string): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: 'it',
    fallbackLng: 'it',
    initAsync: false,
    resources: { it: { translation: loadLocale(path.join(localesDir, 'it')) } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const PLAIN_STRINGS_KEPT = 5_000;

/**
 * `t` for views and routes. A key without interpolation always gives the same string, and a page asks for
 * hundreds (a calendar's every cell), so those are kept once looked up instead of walking i18next each time.
 */
export function translator(instance: i18n): Translate {
  const translate = instance.t.bind(instance) as Translate;
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
let outsideRequests: Translate | undefined;

/** `t` for work done outside a request (a job writing PDFs): the same strings the pages use. */
export function jobTranslator(): Translate {
  outsideRequests ??= translator(createI18n(LOCALES_DIR));
  return outsideRequests;
}
