import { ValidationError } from '@intelgraph/domain';
import { z } from 'zod';
import { parseInput } from './validation.util.js';

describe(parseInput.name, () => {
  const schema = z.object({ name: z.string(), config: z.record(z.string(), z.json()).optional() });

  it('returns the parsed value for good input', () => {
    expect(parseInput(schema, { name: 'ok', config: { a: [1, 'x'] } })).toEqual({ name: 'ok', config: { a: [1, 'x'] } });
  });

  it('refuses input nested deeper than the limit without overflowing the stack, naming the path', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(() => parseInput(schema, { name: 'x', config: { c: deep } })).toThrow(ValidationError);
    let shallow: unknown = 'leaf';
    for (let i = 0; i < 60; i++) shallow = [shallow];
    expect(parseInput(schema, { name: 'x', config: { c: shallow as never } })).toMatchObject({ name: 'x' });
    try {
      parseInput(schema, { name: 'x', config: { c: deep } });
    } catch (e) {
      expect((e as ValidationError).fields[0]?.path).toMatch(/^config\.c(\.a)+$/);
    }
  });

  it('refuses NUL characters anywhere (values and keys) with each path, alongside schema problems', () => {
    let error: unknown;
    try {
      parseInput(schema.extend({ n: z.number() }), { name: 'a\u0000b', config: { deep: ['ok', 'x\u0000'], 'k\u0000': 1 }, n: 'not a number' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'config.deep.1', 'config.k\\u0000', 'n']));
  });
});
