import { describe, expect, it } from 'vitest';
import { isPhoneNumber } from '../../src/domain/phone.ts';

describe('isPhoneNumber', () => {
  it.each([
    '333 1234567',
    '3331234567',
    '333.123.4567',
    '+39 333 123 4567',
    '0039 333 1234567',
    '(+39) 051-123456',
    '02 1234567',
    '02/12345678',
    '0965 123456',
    '+41 44 668 18 00',
    '+1 212 555 0100',
  ])('accepts %s', (text) => {
    expect(isPhoneNumber(text)).toBe(true);
  });

  it.each([
    ['a date', '2026-02-30'],
    ['a decimal number', '10.555'],
    ['only the prefix', '+39'],
    ['too few digits', '12345'],
    ['an Italian number not starting with 0 or 3', '555 1234567'],
    ['an Italian mobile with too many digits', '+39 333 1234 5678 9'],
    ['a foreign number with more than 15 digits', '+44 1234 5678 9012 34'],
    ['letters', 'chiamami'],
    ['two separators in a row', '333  1234567'],
    ['an empty text', ''],
  ])('refuses %s (%s)', (_what, text) => {
    expect(isPhoneNumber(text)).toBe(false);
  });
});
