import { linkedKeys } from './linked-keys';

describe('linkedKeys', () => {
  it('is the key alone without links, and follows links both ways and through other keys', () => {
    expect(linkedKeys('a', [])).toEqual(['a']);
    expect(linkedKeys('a', [{ aKey: 'b', bKey: 'c' }])).toEqual(['a']);
    const links = [
      { aKey: 'c', bKey: 'a' },
      { aKey: 'c', bKey: 'b' },
      { aKey: 'd', bKey: 'e' },
    ];
    expect(linkedKeys('a', links)).toEqual(['a', 'b', 'c']);
    expect(linkedKeys('b', links)).toEqual(['a', 'b', 'c']);
    expect(linkedKeys('e', links)).toEqual(['d', 'e']);
  });
});
