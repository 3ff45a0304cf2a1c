import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical-json.util.js';

describe(canonicalJson.name, () => {
  it('sorts object keys, so key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe('{"a":2,"b":1,"c":3}');
    expect(canonicalJson({ c: 3, a: 2, b: 1 })).toBe(canonicalJson({ b: 1, c: 3, a: 2 }));
  });

  it('sorts keys by UTF-16 code unit (uppercase before lowercase)', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, _: 4 })).toBe('{"B":2,"_":4,"a":3,"b":1}');
  });

  it('sorts keys at every nesting level and keeps array order', () => {
    const value = { z: { y: [{ b: 1, a: [3, { d: 1, c: 2 }] }, 'x'] }, a: null };
    expect(canonicalJson(value)).toBe('{"a":null,"z":{"y":[{"a":[3,{"c":2,"d":1}],"b":1},"x"]}}');
    expect(canonicalJson({ a: null, z: { y: [{ a: [3, { c: 2, d: 1 }], b: 1 }, 'x'] } })).toBe(canonicalJson(value));
  });

  it('writes no whitespace', () => {
    expect(canonicalJson({ a: [1, 2, { b: 'c d' }] })).toBe('{"a":[1,2,{"b":"c d"}]}');
  });

  it('encodes dates as ISO-8601 strings, also nested', () => {
    const d = new Date('2024-01-02T03:04:05.678Z');
    expect(canonicalJson(d)).toBe('"2024-01-02T03:04:05.678Z"');
    expect(canonicalJson({ at: d, list: [d] })).toBe('{"at":"2024-01-02T03:04:05.678Z","list":["2024-01-02T03:04:05.678Z"]}');
  });

  it('drops undefined members of objects', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('encodes undefined array items and a top-level undefined as null, like JSON.stringify', () => {
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it.each([
    [null, 'null'],
    [true, 'true'],
    [false, 'false'],
    [0, '0'],
    [-0, '0'],
    [1.5, '1.5'],
    [-42, '-42'],
    [1e21, '1e+21'],
    ['', '""'],
    ['a"b\\c\n', '"a\\"b\\\\c\\n"'],
    ['ünïcødé', '"ünïcødé"'],
    [[], '[]'],
    [{}, '{}'],
  ])('encodes the scalar or empty value %p as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('encodes bigints as decimal strings', () => {
    expect(canonicalJson({ n: 12345678901234567890n })).toBe('{"n":"12345678901234567890"}');
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY]])('rejects the non-finite number %p', (n) => {
    expect(() => canonicalJson(n)).toThrow(TypeError);
    expect(() => canonicalJson({ a: [1, { b: n }] })).toThrow('canonicalJson: non-finite number');
  });

  it('rejects values JSON cannot represent', () => {
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(() => canonicalJson({ s: Symbol('x') })).toThrow('canonicalJson: cannot encode symbol');
  });

  it('agrees with JSON.stringify on a value whose keys are already sorted', () => {
    const value = { a: [1, 'two', { b: false, c: null }], d: { e: 0.25 } };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
  });
});

describe(sha256Hex.name, () => {
  const reference = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

  it('hashes the canonical encoding of a value', () => {
    const value = { b: [true, null, 'x'], a: 1, at: new Date('2024-01-02T03:04:05.678Z') };
    expect(sha256Hex(value)).toBe(reference('{"a":1,"at":"2024-01-02T03:04:05.678Z","b":[true,null,"x"]}'));
  });

  it('is stable across key order and repeated calls', () => {
    const a = sha256Hex({ x: 1, y: { p: 'q', r: [1, 2] } });
    const b = sha256Hex({ y: { r: [1, 2], p: 'q' }, x: 1 });
    expect(a).toBe(b);
    expect(sha256Hex({ x: 1, y: { p: 'q', r: [1, 2] } })).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when a value differs', () => {
    expect(sha256Hex({ a: 1 })).not.toBe(sha256Hex({ a: 2 }));
  });

  it('hashes a string argument as-is (not JSON-quoted)', () => {
    // The published SHA-256 test vector for "abc".
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('ünï')).toBe(reference('ünï'));
  });
});
