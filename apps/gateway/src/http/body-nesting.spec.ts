import { MAX_BODY_NESTING, nestedDeeperThan } from './deferred-body';

/** `levels` nested arrays, as JSON.parse would build them (without recursion). */
const arrays = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
const objects = (levels: number): unknown => JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels));

describe('nestedDeeperThan', () => {
  it.each([
    ['a scalar', 1, 0],
    ['null', null, 0],
    ['an empty object', {}, 1],
    ['an object of scalars', { a: 1, b: 'x', c: null }, 1],
    ['an object in an object', { a: {} }, 2],
    ['an array in an object', { a: [1, 2] }, 2],
    ['the deepest branch', { a: 1, b: { c: [{ d: 1 }] }, e: [] }, 4],
  ])('%s, %j, nests %i levels', (_label, value, nesting) => {
    expect(nestedDeeperThan(value, nesting)).toBe(false);
    if (nesting > 0) expect(nestedDeeperThan(value, nesting - 1)).toBe(true);
  });

  it('counts arrays and objects alike, exactly as Rails: 100 levels pass, 101 do not', () => {
    expect(nestedDeeperThan(arrays(MAX_BODY_NESTING), MAX_BODY_NESTING)).toBe(false);
    expect(nestedDeeperThan(arrays(MAX_BODY_NESTING + 1), MAX_BODY_NESTING)).toBe(true);
    expect(nestedDeeperThan(objects(MAX_BODY_NESTING), MAX_BODY_NESTING)).toBe(false);
    expect(nestedDeeperThan(objects(MAX_BODY_NESTING + 1), MAX_BODY_NESTING)).toBe(true);
  });

  it('walks a million levels without exhausting the stack', () => {
    expect(nestedDeeperThan(arrays(1_000_000), MAX_BODY_NESTING)).toBe(true);
  });
});
