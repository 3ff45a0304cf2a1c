import { buildSchema, parse, validate, specifiedRules } from 'graphql';
import { queryLimitsRule } from './query-limits.rule.js';

const schema = buildSchema(`
  type Node { id: ID! name: String child: Node children: [Node!]! }
  type Page { items: [Node!]! nextCursor: String }
  type Query { node: Node nodes(limit: Int, cursor: String): Page! }
`);

function errors(query: string, maxDepth = 4, maxComplexity = 1_000): string[] {
  return validate(schema, parse(query), [...specifiedRules, queryLimitsRule(maxDepth, maxComplexity)]).map((e) => e.message);
}

describe(queryLimitsRule.name, () => {
  it('accepts a query within the depth and complexity limits', () => {
    expect(errors('{ node { id child { id child { id } } } }')).toEqual([]);
  });

  it('refuses a query nested deeper than the limit, through fragments and inline fragments too', () => {
    expect(errors('{ node { child { child { child { child { id } } } } } }')).toEqual(['query depth 6 exceeds the maximum of 4']);
    expect(errors('fragment F on Node { child { child { id } } } { node { child { ... on Node { ...F } } } }')).toEqual(['query depth 5 exceeds the maximum of 4']);
  });

  it('does not count introspection fields', () => {
    expect(errors('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toEqual([]);
  });

  it('multiplies the items of a page by its literal limit (200 for a variable, 50 when absent)', () => {
    expect(errors('{ nodes(limit: 10) { items { id name } } }')).toEqual([]); // 1 + (1 + 10 * 2)
    expect(errors('{ nodes(limit: 200) { items { id name children { id } } } }')).toEqual(['query complexity 2602 exceeds the budget of 1000']);
    expect(errors('query($l: Int) { nodes(limit: $l) { items { id name children { id } } } }')).toEqual(['query complexity 2602 exceeds the budget of 1000']);
    expect(errors('{ nodes { items { id name children { id } } } }')).toEqual([]); // 1 + (1 + 50 * (2 + 1 + 10))
  });
});
