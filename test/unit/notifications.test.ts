import { describe, expect, it } from 'vitest';
import { deliveryChannels, expiryWarningDueOn, messageLanguage, optOutKey, wantedChannels } from '../../src/domain/notifications.ts';

describe('notification channels', () => {
  it('ignores opt-outs of essential kinds', () => {
    expect(wantedChannels('INVOICE_ISSUED', [optOutKey('INVOICE_ISSUED', 'EMAIL'), optOutKey('INVOICE_ISSUED', 'IO')])).toEqual([
      'IO',
      'EMAIL',
    ]);
  });

  it('keeps reminders essential and lets parents turn off pratiche messages', () => {
    expect(wantedChannels('REMINDER', [optOutKey('REMINDER', 'EMAIL'), optOutKey('REMINDER', 'IO')])).toEqual(['IO', 'EMAIL']);
    expect(wantedChannels('PRATICA_ACCEPTED', [optOutKey('PRATICA_ACCEPTED', 'EMAIL')])).toEqual(['IO']);
  });

  it('keeps only the channels not turned off for other kinds', () => {
    expect(wantedChannels('WALLET_LOW', [optOutKey('WALLET_LOW', 'EMAIL')])).toEqual(['IO']);
    expect(wantedChannels('NEWS', [optOutKey('NEWS', 'EMAIL'), optOutKey('NEWS', 'IO')])).toEqual([]);
  });

  it('sends on IO when allowed and by e-mail when wanted', () => {
    expect(deliveryChannels(['IO', 'EMAIL'], true, true)).toEqual(['IO', 'EMAIL']);
    expect(deliveryChannels(['IO'], true, true)).toEqual(['IO']);
  });

  it('falls back to e-mail when IO was wanted but is not possible', () => {
    expect(deliveryChannels(['IO'], false, true)).toEqual(['EMAIL']);
    expect(deliveryChannels(['IO'], false, false)).toEqual([]);
    expect(deliveryChannels(['EMAIL'], true, false)).toEqual([]);
  });
});

describe('notification dates and language', () => {
  it('recalls notices due three days ahead', () => {
    expect(expiryWarningDueOn('2026-11-29')).toBe('2026-12-02');
  });

  it('writes Italian unless English was chosen', () => {
    expect(messageLanguage('en')).toBe('en');
    expect(messageLanguage(null)).toBe('it');
    expect(messageLanguage('fr')).toBe('it');
  });
});
