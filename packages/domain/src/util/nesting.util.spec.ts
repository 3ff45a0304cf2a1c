import { firstPathDeeperThan, MAX_INPUT_NESTING } from './nesting.util.js';

describe(firstPathDeeperThan.name, () => {
  const nest = (depth: number): unknown => {
    let v: unknown = 'leaf';
    for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { k: v };
    return v;
  };
  it('accepts input up to the limit and scalars', () => {
    expect(firstPathDeeperThan(nest(MAX_INPUT_NESTING))).toBeNull();
    expect(firstPathDeeperThan('x')).toBeNull();
    expect(firstPathDeeperThan(null)).toBeNull();
  });
  it('names the path where input first goes past the limit, at any depth', () => {
    expect(firstPathDeeperThan({ a: { b: [1] } }, 2)).toBe('a.b');
    expect(firstPathDeeperThan(nest(100_000))).not.toBeNull();
  });
});
