import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n, type Translate } from '../../src/web/i18n.ts';
import { dietLabel } from '../../src/web/diet-label.ts';

const i18n = createI18n(path.resolve('locales'));
const t = i18n.t.bind(i18n) as Translate;

describe('dietLabel', () => {
  it('names the known diets in Italian', () => {
    expect(dietLabel(t, 'SENZA_GLUTINE')).toBe('Senza glutine');
    expect(dietLabel(t, 'SENZA_LATTOSIO')).toBe('Senza lattosio');
    expect(dietLabel(t, 'SENZA_CARNE_SUINA')).toBe('Senza carne suina');
  });

  it('turns a code a clerk made up into words rather than showing the code', () => {
    expect(dietLabel(t, 'SENZA_SESAMO')).toBe('Senza sesamo');
    expect(dietLabel(t, 'DIETA_2')).toBe('Dieta 2');
  });
});
