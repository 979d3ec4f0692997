import { describe, expect, it } from 'vitest';
import { protocolNumber, windowProblem, windowStatus } from '../../src/domain/application-windows.ts';

const may = { opensOn: '2027-05-01', closesOn: '2027-06-30', schoolYear: '2027/2028' };
const autumn = { opensOn: '2026-09-01', closesOn: '2026-09-30', schoolYear: '2026/2027' };

describe('windowStatus', () => {
  it('is open on the first and the last day of a window', () => {
    expect(windowStatus([may], '2027-05-01')).toEqual({ open: true, window: may });
    expect(windowStatus([may], '2027-06-30')).toEqual({ open: true, window: may });
  });

  it('is closed the day before and the day after, naming the next and the last window', () => {
    expect(windowStatus([may, autumn], '2027-04-30')).toEqual({ open: false, next: may, last: autumn });
    expect(windowStatus([may, autumn], '2027-07-01')).toEqual({ open: false, next: null, last: may });
  });

  it('is closed with no dates when the type was never opened', () => {
    expect(windowStatus([], '2027-05-10')).toEqual({ open: false, next: null, last: null });
  });

  it('takes the window closing first when two overlap', () => {
    const short = { opensOn: '2027-05-10', closesOn: '2027-05-20', schoolYear: '2027/2028' };
    expect(windowStatus([may, short], '2027-05-15')).toEqual({ open: true, window: short });
  });
});

describe('windowProblem', () => {
  it('refuses a window that ends before it opens, and an enrollment window without a school year', () => {
    expect(windowProblem({ ...may, closesOn: '2027-04-30' }, true)).toBe('order');
    expect(windowProblem({ ...may, schoolYear: null }, true)).toBe('schoolYear');
    expect(windowProblem({ ...may, schoolYear: null }, false)).toBeNull();
    expect(windowProblem({ ...may, closesOn: may.opensOn }, true)).toBeNull();
  });
});

it('protocol numbers carry the year and six digits', () => {
  expect(protocolNumber(2026, 42)).toBe('2026/000042');
  expect(protocolNumber(2027, 1)).toBe('2027/000001');
});
