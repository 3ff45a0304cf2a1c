import { variantWeightProblems } from './experiment.types.js';

describe(variantWeightProblems.name, () => {
  it.each([
    ['an even split', [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }]],
    ['an uneven three-way split', [{ key: 'a', weight: 34 }, { key: 'b', weight: 33 }, { key: 'c', weight: 33 }]],
    ['a variant with zero weight', [{ key: 'a', weight: 100 }, { key: 'b', weight: 0 }]],
  ])('finds nothing wrong with %s', (_label, variants) => {
    expect(variantWeightProblems(variants)).toEqual([]);
  });

  it('needs at least two variants', () => {
    expect(variantWeightProblems([{ key: 'only', weight: 100 }])).toEqual(['an experiment needs at least two variants']);
  });

  it('reports both problems of an empty list', () => {
    expect(variantWeightProblems([])).toEqual(['an experiment needs at least two variants', 'variant weights must sum to 100, got 0']);
  });

  it('reports a repeated key once per repetition', () => {
    expect(
      variantWeightProblems([
        { key: 'a', weight: 40 },
        { key: 'a', weight: 30 },
        { key: 'a', weight: 30 },
      ]),
    ).toEqual(['variant key "a" is repeated', 'variant key "a" is repeated']);
  });

  it.each([
    ['fractional', 50.5, 49.5],
    ['negative', -10, 110],
  ])('reports %s weights even when they sum to 100', (_label, w1, w2) => {
    expect(variantWeightProblems([{ key: 'a', weight: w1 }, { key: 'b', weight: w2 }])).toEqual([
      'variant "a" weight must be an integer 0..100',
      'variant "b" weight must be an integer 0..100',
    ]);
  });

  it.each([
    [[60, 30], 90],
    [[60, 50], 110],
  ])('reports weights %p that sum to %i', (weights, sum) => {
    const variants = weights.map((weight, i) => ({ key: `v${i}`, weight }));
    expect(variantWeightProblems(variants)).toEqual([`variant weights must sum to 100, got ${sum}`]);
  });

  it('reports a NaN weight and the resulting sum', () => {
    expect(variantWeightProblems([{ key: 'a', weight: Number.NaN }, { key: 'b', weight: 100 }])).toEqual([
      'variant "a" weight must be an integer 0..100',
      'variant weights must sum to 100, got NaN',
    ]);
  });

  it('lists every problem at once', () => {
    expect(variantWeightProblems([{ key: 'x', weight: 101 }])).toEqual([
      'an experiment needs at least two variants',
      'variant "x" weight must be an integer 0..100',
      'variant weights must sum to 100, got 101',
    ]);
  });
});
