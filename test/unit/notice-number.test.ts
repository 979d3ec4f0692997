import { describe, expect, it } from 'vitest';
import {
  buildNoticeNumber,
  checkNoticeNumber,
  formatNoticeNumber,
  iuvOf,
  noticeCheckDigits,
  noticeQrPayload,
  randomNoticeBase,
  rptId,
} from '../../src/domain/notice-number.ts';

/** A seeded generator so the property loop is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const OFFICIAL = [
  { nav: '302032002700000251', seg: '02', base: '0320027000002', cd: '51' },
  { nav: '322201151398574181', seg: '22', base: '2011513985741', cd: '81' },
  { nav: '347164993070184562', seg: '47', base: '1649930701845', cd: '62' },
];

describe('official examples', () => {
  it.each(OFFICIAL)('$nav', ({ nav, seg, base, cd }) => {
    expect(noticeCheckDigits(seg, base)).toBe(cd);
    expect(buildNoticeNumber(seg, base)).toBe(nav);
    expect(iuvOf(nav)).toBe(seg + base + cd);
    expect(checkNoticeNumber(nav)).toEqual({ wellFormed: true, checkDigitsOk: true });
  });
});

describe('noticeCheckDigits', () => {
  it('zero-pads to two digits', () => {
    // 3 00 0000000000000 = 3 × 10^15; 3000000000000000 mod 93 = 3
    expect(noticeCheckDigits('00', '0000000000000')).toBe('03');
  });

  it('refuses malformed parts', () => {
    expect(() => noticeCheckDigits('2', '0320027000002')).toThrow(RangeError);
    expect(() => noticeCheckDigits('02', '032002700000')).toThrow(RangeError);
    expect(() => noticeCheckDigits('02', '03200270000A2')).toThrow(RangeError);
  });
});

describe('checkNoticeNumber', () => {
  it('flags wrong check digits without calling the number malformed', () => {
    expect(checkNoticeNumber('302032002700000252')).toEqual({ wellFormed: true, checkDigitsOk: false });
  });

  it.each(['30203200270000025', '3020320027000002511', '30203200270000025A', '402032002700000251', ''])('%j is not well formed', (nav) => {
    expect(checkNoticeNumber(nav)).toEqual({ wellFormed: false, checkDigitsOk: false });
  });

  it('checks legacy aux digits 0 and 2, and accepts aux digit 1 which has no check digits', () => {
    expect(checkNoticeNumber('001123456789012313').checkDigitsOk).toBe(true);
    expect(checkNoticeNumber('001123456789012314').checkDigitsOk).toBe(false);
    expect(checkNoticeNumber('212345678901234544').checkDigitsOk).toBe(true);
    expect(checkNoticeNumber('112345678901234567')).toEqual({ wellFormed: true, checkDigitsOk: true });
  });
});

describe('iuvOf', () => {
  it('drops the aux digit, and the application code for aux digit 0', () => {
    expect(iuvOf('302032002700000251')).toBe('02032002700000251');
    expect(iuvOf('001123456789012313')).toBe('123456789012313');
  });

  it('refuses a malformed number', () => {
    expect(() => iuvOf('30203200270000025')).toThrow(RangeError);
  });
});

describe('randomNoticeBase', () => {
  it('gives 13 digits, even when the source returns its extremes', () => {
    expect(randomNoticeBase(() => 0)).toBe('0000000000000');
    expect(randomNoticeBase(() => 0.999999)).toBe('9999999999999');
    expect(randomNoticeBase(() => 1)).toBe('9999999999999');
    expect(randomNoticeBase()).toMatch(/^\d{13}$/);
  });
});

describe('1000 generated numbers', () => {
  it('all verify, and a changed last digit never does', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const seg = String(Math.floor(random() * 46)).padStart(2, '0');
      const nav = buildNoticeNumber(seg, randomNoticeBase(random));
      expect(nav).toMatch(/^3\d{17}$/);
      expect(nav.slice(1, 3)).toBe(seg);
      expect(checkNoticeNumber(nav)).toEqual({ wellFormed: true, checkDigitsOk: true });
      expect(BigInt(nav.slice(0, 16)) % 93n).toBe(BigInt(nav.slice(16)));
      expect(iuvOf(nav)).toBe(nav.slice(1));
      const corrupted = nav.slice(0, 17) + String((Number(nav[17]) + 1) % 10);
      expect(checkNoticeNumber(corrupted).checkDigitsOk).toBe(false);
    }
  });
});

describe('printing', () => {
  it('groups the number by 4 from the left', () => {
    expect(formatNoticeNumber('302032002700000251')).toBe('3020 3200 2700 0002 51');
    expect(formatNoticeNumber('3020 3200 2700 0002 51')).toBe('3020 3200 2700 0002 51');
  });

  it('builds the QR payload with the creditor code zero-padded to 11', () => {
    expect(noticeQrPayload('302032002700000251', '2438750586', 1250)).toBe('PAGOPA|002|302032002700000251|02438750586|1250');
    expect(noticeQrPayload('302032002700000251', '02438750586', 123456)).toBe('PAGOPA|002|302032002700000251|02438750586|123456');
  });

  it('refuses a QR payload for a bad number, creditor or amount', () => {
    expect(() => noticeQrPayload('3020320027', '02438750586', 1250)).toThrow(RangeError);
    expect(() => noticeQrPayload('302032002700000251', 'RSSMRA85T10A562S', 1250)).toThrow(RangeError);
    expect(() => noticeQrPayload('302032002700000251', '02438750586', 0)).toThrow(RangeError);
    expect(() => noticeQrPayload('302032002700000251', '02438750586', 12.5)).toThrow(RangeError);
  });

  it('builds the RptId', () => {
    expect(rptId('02438750586', '302032002700000251')).toBe('02438750586302032002700000251');
    expect(rptId('2438750586', '302032002700000251')).toHaveLength(29);
  });
});
