// Every parent-facing namespace (a locales/it file whose name does not start with `admin`) exists in English with
// exactly the same keys, and the other way round; staff-only `admin*` namespaces may stay Italian.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStaffOnlyNamespace, LANGUAGES } from '../../src/web/i18n.ts';

const LOCALES = path.resolve('locales');

function keysOf(tree: unknown, prefix = ''): string[] {
  if (Array.isArray(tree)) return [`${prefix}[${tree.length}]`];
  if (tree === null || typeof tree !== 'object') return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keysOf(value, prefix ? `${prefix}.${key}` : key));
}

function namespaces(language: string): string[] {
  return readdirSync(path.join(LOCALES, language)).filter((name) => name.endsWith('.json') && !isStaffOnlyNamespace(name));
}

const read = (language: string, file: string) => JSON.parse(readFileSync(path.join(LOCALES, language, file), 'utf8')) as unknown;

describe('locales', () => {
  it('every parent-facing Italian namespace has an English file, and English has no file Italian lacks', () => {
    expect(namespaces('en').sort()).toEqual(namespaces('it').sort());
  });

  for (const file of namespaces('it')) {
    it(`${file}: the same keys in every language`, () => {
      const italian = keysOf(read('it', file)).sort();
      for (const language of LANGUAGES.filter((lng) => lng !== 'it')) {
        const other = keysOf(read(language, file)).sort();
        expect({
          onlyInItalian: italian.filter((k) => !other.includes(k)),
          [`onlyIn_${language}`]: other.filter((k) => !italian.includes(k)),
        }).toEqual({
          onlyInItalian: [],
          [`onlyIn_${language}`]: [],
        });
      }
    });
  }
});
