import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
