import { describe, expect, it } from 'vitest';
import { cronEvery, jobSchedules } from '../../src/jobs/queue.ts';

describe('cronEvery (PAGOPA_PULL_INTERVAL_SECONDS as a cron)', () => {
  it('is off at 0 and at least every minute', () => {
    expect(cronEvery(0)).toBeNull();
    expect(cronEvery(10)).toBe('* * * * *');
    expect(cronEvery(60)).toBe('* * * * *');
  });

  it('rounds to whole minutes, then down to a divisor of the hour so the runs are evenly spaced', () => {
    expect(cronEvery(300)).toBe('*/5 * * * *');
    expect(cronEvery(290)).toBe('*/5 * * * *');
    expect(cronEvery(7 * 60)).toBe('*/6 * * * *');
    expect(cronEvery(45 * 60)).toBe('*/30 * * * *');
  });

  it('an hour or more runs on the hour, every divisor of the day, at most once a day', () => {
    expect(cronEvery(3600)).toBe('0 * * * *');
    expect(cronEvery(5 * 3600)).toBe('0 */4 * * *');
    expect(cronEvery(24 * 3600)).toBe('0 0 * * *');
    expect(cronEvery(48 * 3600)).toBe('0 0 * * *');
  });
});

describe('jobSchedules', () => {
  it('makes last year’s 730 certificates early on 15 January (Rome time)', () => {
    const config = { pagopa: { pullIntervalSeconds: 300 } } as Parameters<typeof jobSchedules>[0];
    expect(jobSchedules(config)['tax-certificates']).toBe('0 6 15 1 *');
  });
});
