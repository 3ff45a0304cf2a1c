/** Nest tokens of the GraphQL cache and its invalidator. */
export const GQL_CACHE = Symbol.for('api.GraphqlResponseCache');
export const GQL_INVALIDATOR = Symbol.for('api.ChangeInvalidator');
