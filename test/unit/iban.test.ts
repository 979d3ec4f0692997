import { describe, expect, it } from 'vitest';
import { maskIban } from '../../src/domain/iban.ts';

describe('maskIban', () => {
  it('shows only country, check digits and the last four characters', () => {
    expect(maskIban('IT60X0542811101000000123456')).toBe('IT60 ******************* 3456');
    expect(maskIban('it60 x054 2811 1010 0000 0123 456')).toBe('IT60 ******************* 3456');
  });
  it('hides a value too short to be an IBAN entirely', () => {
    expect(maskIban('IT60X')).toBe('*****');
  });
});
