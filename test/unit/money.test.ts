import { describe, expect, it } from 'vitest';
import { assertCents, formatEuro, formatEuroPlain, parseEuroInput, percentOf, sumCents } from '../../src/domain/money.ts';

describe('formatEuro', () => {
  it.each([
    [0, '0,00\u00a0€'],
    [5, '0,05\u00a0€'],
    [450, '4,50\u00a0€'],
    [123456, '1.234,56\u00a0€'],
    [100000000, '1.000.000,00\u00a0€'],
    [-1200, '-12,00\u00a0€'],
    [-5, '-0,05\u00a0€'],
  ])('%i cents → %s', (cents, text) => {
    expect(formatEuro(cents)).toBe(text);
  });

  it('has a plain variant for tables', () => {
    expect(formatEuroPlain(123456)).toBe('1.234,56');
    expect(formatEuroPlain(99999)).toBe('999,99');
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatEuro(12.5)).toThrow(RangeError);
  });
});

describe('parseEuroInput', () => {
  it.each([
    ['12', 1200],
    ['12,5', 1250],
    ['12,50', 1250],
    ['0,05', 5],
    ['1.234,56', 123456],
    ['1.234', 123400],
    ['1.234.567,8', 123456780],
    ['12.50', 1250],
    ['12.5', 1250],
    ['  4,50 ', 450],
    ['4,50 €', 450],
    ['€ 4,50', 450],
    ['0', 0],
    ['0,29', 29],
    ['1.15', 115],
  ])('%j → %i cents', (text, cents) => {
    expect(parseEuroInput(text)).toBe(cents);
  });

  it.each(['', '   ', 'abc', '12a', '-12', '12,505', '12.505.', '12,', ',50', '1,234.56', '12.34.56', '1 234,56', '€'])(
    '%j → null',
    (text) => {
      expect(parseEuroInput(text)).toBeNull();
    },
  );

  it('rejects amounts beyond safe integers', () => {
    expect(parseEuroInput('99999999999999999')).toBeNull();
  });
});

describe('sumCents and assertCents', () => {
  it('adds integer cents', () => {
    expect(sumCents([])).toBe(0);
    expect(sumCents([10, 20, 30, -5])).toBe(55);
  });

  it('throws on fractions and unsafe numbers', () => {
    expect(() => sumCents([10, 0.1])).toThrow(RangeError);
    expect(() => assertCents(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => assertCents(Number.NaN)).toThrow(RangeError);
    expect(() => assertCents(1)).not.toThrow();
  });
});

describe('percentOf', () => {
  it.each([
    [450, 10, 45],
    [450, 15, 68], // 67,5 → 68
    [455, 10, 46], // 45,5 → 46
    [449, 10, 45], // 44,9 → 45
    [444, 10, 44], // 44,4 → 44
    [1000, 33.33, 333], // 333,3
    [1005, 50, 503], // 502,5 → 503
    [999, 12.5, 125], // 124,875 → 125
    [450, 0, 0],
    [450, 100, 450],
    [-455, 10, -46],
  ])('%i × %d%% → %i', (cents, percent, result) => {
    expect(percentOf(cents, percent)).toBe(result);
  });

  it('is exact where floating point would not be (1,15 € × 50% = 0,575 → 0,58)', () => {
    expect(percentOf(115, 50)).toBe(58);
    expect(percentOf(1, 50)).toBe(1);
  });

  it('refuses negative percentages', () => {
    expect(() => percentOf(100, -10)).toThrow(RangeError);
  });
});
