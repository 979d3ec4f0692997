import { describe, expect, it } from 'vitest';
import { siblingRanks } from '../../src/domain/siblings.ts';

describe('siblingRanks', () => {
  it('ranks the eldest child first, whatever the order given', () => {
    const ranks = siblingRanks([
      { id: 'b', birthDate: '2019-02-01' },
      { id: 'a', birthDate: '2016-07-30' },
      { id: 'c', birthDate: '2021-11-11' },
    ]);
    expect([...ranks.entries()]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('keeps twins in a stable order, and an only child is rank 1', () => {
    const twins = [
      { id: 'y', birthDate: '2018-05-10' },
      { id: 'x', birthDate: '2018-05-10' },
    ];
    expect(siblingRanks(twins).get('x')).toBe(1);
    expect(siblingRanks(twins).get('y')).toBe(2);
    expect(siblingRanks([{ id: 'only', birthDate: '2018-01-01' }]).get('only')).toBe(1);
  });
});
