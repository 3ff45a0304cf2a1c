import { ValidationError } from '@intelgraph/domain';
import { z } from 'zod';
import { parseInput } from './validation.util.js';

describe(parseInput.name, () => {
  const schema = z.object({ name: z.string(), config: z.record(z.string(), z.json()).optional() });

  it('returns the parsed value for good input', () => {
    expect(parseInput(schema, { name: 'ok', config: { a: [1, 'x'] } })).toEqual({ name: 'ok', config: { a: [1, 'x'] } });
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
