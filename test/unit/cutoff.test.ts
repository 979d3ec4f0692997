import { describe, expect, it } from 'vitest';
import { isBeforeCutoff } from '../../src/domain/cutoff.ts';

const at = (iso: string) => new Date(iso);

describe('isBeforeCutoff on an ordinary day (2026-10-13, CEST = UTC+2)', () => {
  it('allows changes until 08:59:59.999 and refuses them from 09:00:00', () => {
    expect(isBeforeCutoff('2026-10-13', at('2026-10-13T06:59:59Z'))).toBe(true);
    expect(isBeforeCutoff('2026-10-13', at('2026-10-13T06:59:59.999Z'))).toBe(true);
    expect(isBeforeCutoff('2026-10-13', at('2026-10-13T07:00:00Z'))).toBe(false);
    expect(isBeforeCutoff('2026-10-13', at('2026-10-13T07:00:01Z'))).toBe(false);
  });

  it('allows a future day and refuses a past one', () => {
    expect(isBeforeCutoff('2026-10-20', at('2026-10-13T15:00:00Z'))).toBe(true);
    expect(isBeforeCutoff('2026-10-12', at('2026-10-12T22:00:00Z'))).toBe(false); // 00:00 on the 13th
  });

  it('works across midnight in Rome, not in UTC', () => {
    // 23:59:59 Rome on the 12th is 21:59:59Z; 00:00:01 Rome on the 13th is still the 12th in UTC.
    expect(isBeforeCutoff('2026-10-13', at('2026-10-12T21:59:59Z'))).toBe(true);
    expect(isBeforeCutoff('2026-10-13', at('2026-10-12T22:00:01Z'))).toBe(true);
  });

  it('takes a configurable cutoff', () => {
    expect(isBeforeCutoff('2026-10-13', at('2026-10-13T08:29:59Z'), '10:30')).toBe(true);
    expect(isBeforeCutoff('2026-10-13', at('2026-10-13T08:30:00Z'), '10:30')).toBe(false);
    expect(isBeforeCutoff('2026-10-13', at('2026-10-13T06:59:59Z'), '9:00')).toBe(true);
  });

  it('refuses a malformed cutoff', () => {
    expect(() => isBeforeCutoff('2026-10-13', at('2026-10-13T06:00:00Z'), '25:00')).toThrow(RangeError);
    expect(() => isBeforeCutoff('2026-10-13', at('2026-10-13T06:00:00Z'), '0900')).toThrow(RangeError);
  });
});

describe('isBeforeCutoff on DST change days', () => {
  it('2026-10-25, clocks go back: 09:00 Rome is 08:00Z', () => {
    expect(isBeforeCutoff('2026-10-25', at('2026-10-25T07:00:00Z'))).toBe(true); // 08:00 CET
    expect(isBeforeCutoff('2026-10-25', at('2026-10-25T07:59:59Z'))).toBe(true);
    expect(isBeforeCutoff('2026-10-25', at('2026-10-25T08:00:00Z'))).toBe(false);
  });

  it('2027-03-28, clocks go forward: 09:00 Rome is 07:00Z', () => {
    expect(isBeforeCutoff('2027-03-28', at('2027-03-28T06:59:59Z'))).toBe(true);
    expect(isBeforeCutoff('2027-03-28', at('2027-03-28T07:00:00Z'))).toBe(false);
    expect(isBeforeCutoff('2027-03-28', at('2027-03-28T07:30:00Z'))).toBe(false); // 09:30 CEST
  });

  it('the day after each change uses the new offset', () => {
    expect(isBeforeCutoff('2026-10-26', at('2026-10-26T07:59:59Z'))).toBe(true);
    expect(isBeforeCutoff('2026-10-26', at('2026-10-26T08:00:00Z'))).toBe(false);
    expect(isBeforeCutoff('2027-03-29', at('2027-03-29T06:59:59Z'))).toBe(true);
    expect(isBeforeCutoff('2027-03-29', at('2027-03-29T07:00:00Z'))).toBe(false);
  });
});
