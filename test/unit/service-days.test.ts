import { describe, expect, it } from 'vitest';
import {
  closureReason,
  firstRequestableServiceDay,
  firstServiceDayOnOrAfter,
  serviceDaysBetween,
  serviceRunsOn,
  type ServiceCalendar,
} from '../../src/domain/service-days.ts';

// A.S. 2026/27 from Monday 14 September 2026 to Friday 4 June 2027, meals Monday to Friday.
const calendar: ServiceCalendar = {
  startsOn: '2026-09-14',
  endsOn: '2027-06-04',
  closures: new Map([
    ['2026-10-13', 'Ponte'],
    ['2026-10-14', 'Chiusura straordinaria'],
    ['2026-12-08', 'Immacolata Concezione'],
  ]),
  mealWeekdays: [1, 2, 3, 4, 5],
};

const monWed: ServiceCalendar = { ...calendar, mealWeekdays: [1, 3] };

/** A Rome wall-clock time in October 2026 (CEST, UTC+2). */
const romeOctober = (day: string, time: string) => new Date(`${day}T${time}+02:00`);

describe('serviceRunsOn and closureReason', () => {
  it('runs on an ordinary school day', () => {
    expect(serviceRunsOn(calendar, '2026-10-12')).toBe(true);
    expect(closureReason(calendar, '2026-10-12')).toBeNull();
  });

  it('does not run on a closure, and gives its reason', () => {
    expect(serviceRunsOn(calendar, '2026-12-08')).toBe(false);
    expect(closureReason(calendar, '2026-12-08')).toBe('Immacolata Concezione');
  });

  it('does not run at weekends or on days without rientro, with no reason', () => {
    expect(serviceRunsOn(calendar, '2026-10-17')).toBe(false);
    expect(closureReason(calendar, '2026-10-17')).toBeNull();
    expect(serviceRunsOn(monWed, '2026-10-20')).toBe(false);
    expect(closureReason(monWed, '2026-10-20')).toBeNull();
  });

  it('runs only inside the service period, both ends included', () => {
    expect(serviceRunsOn(calendar, '2026-09-11')).toBe(false);
    expect(serviceRunsOn(calendar, '2026-09-14')).toBe(true);
    expect(serviceRunsOn(calendar, '2027-06-04')).toBe(true);
    expect(serviceRunsOn(calendar, '2027-06-07')).toBe(false);
  });
});

describe('firstServiceDayOnOrAfter', () => {
  it('is the day itself when the service runs', () => {
    expect(firstServiceDayOnOrAfter(calendar, '2026-10-12')).toBe('2026-10-12');
  });

  it('skips closures: from Tuesday with Tue+Wed closed → Thursday', () => {
    expect(firstServiceDayOnOrAfter(calendar, '2026-10-13')).toBe('2026-10-15');
  });

  it('skips the weekend: from Saturday → Monday', () => {
    expect(firstServiceDayOnOrAfter(calendar, '2026-10-17')).toBe('2026-10-19');
  });

  it('follows the rientro pattern Mon/Wed', () => {
    expect(firstServiceDayOnOrAfter(monWed, '2026-10-20')).toBe('2026-10-21');
    expect(firstServiceDayOnOrAfter(monWed, '2026-10-22')).toBe('2026-10-26');
  });

  it('starts at the beginning of the period', () => {
    expect(firstServiceDayOnOrAfter(calendar, '2026-09-01')).toBe('2026-09-14');
  });

  it('is null after the period ends or when the class never eats at school', () => {
    expect(firstServiceDayOnOrAfter(calendar, '2027-06-05')).toBeNull();
    expect(firstServiceDayOnOrAfter({ ...calendar, mealWeekdays: [] }, '2026-10-12')).toBeNull();
    expect(firstServiceDayOnOrAfter({ ...calendar, mealWeekdays: [6, 7], endsOn: '2026-09-18' }, '2026-09-14')).toBeNull();
  });
});

describe('firstRequestableServiceDay', () => {
  it('is today while today is before the cutoff', () => {
    expect(firstRequestableServiceDay(calendar, romeOctober('2026-10-12', '08:59:59'), '09:00')).toBe('2026-10-12');
  });

  it('after the cutoff on Monday with Tue+Wed closed → Thursday', () => {
    expect(firstRequestableServiceDay(calendar, romeOctober('2026-10-12', '09:00:00'), '09:00')).toBe('2026-10-15');
  });

  it('a request on Friday after the cutoff → next Monday', () => {
    expect(firstRequestableServiceDay(calendar, romeOctober('2026-10-16', '10:00:00'), '09:00')).toBe('2026-10-19');
  });

  it('a request on Saturday → Monday', () => {
    expect(firstRequestableServiceDay(calendar, romeOctober('2026-10-17', '07:00:00'), '09:00')).toBe('2026-10-19');
  });

  it('uses the Rome date: 00:30 in Rome is still the previous day in UTC', () => {
    expect(firstRequestableServiceDay(calendar, new Date('2026-10-14T22:30:00Z'), '09:00')).toBe('2026-10-15');
  });

  it('honours a configured cutoff', () => {
    expect(firstRequestableServiceDay(calendar, romeOctober('2026-10-12', '10:00:00'), '10:30')).toBe('2026-10-12');
  });

  it('is null after the cutoff on the last day of the period', () => {
    expect(firstRequestableServiceDay(calendar, new Date('2027-06-04T08:00:00Z'), '09:00')).toBeNull();
  });
});

describe('serviceDaysBetween', () => {
  it('lists running days, both ends included', () => {
    expect(serviceDaysBetween(calendar, '2026-10-12', '2026-10-19')).toEqual(['2026-10-12', '2026-10-15', '2026-10-16', '2026-10-19']);
    expect(serviceDaysBetween(monWed, '2026-10-12', '2026-10-25')).toEqual(['2026-10-12', '2026-10-19', '2026-10-21']); // Wed 14 is closed
  });

  it('clips to the service period', () => {
    expect(serviceDaysBetween(calendar, '2026-09-10', '2026-09-15')).toEqual(['2026-09-14', '2026-09-15']);
    expect(serviceDaysBetween(calendar, '2027-06-03', '2027-06-30')).toEqual(['2027-06-03', '2027-06-04']);
    expect(serviceDaysBetween(calendar, '2027-07-01', '2027-07-31')).toEqual([]);
  });
});
