/** Nest injection tokens of the app's bridged dependencies. */
export const JWT_VERIFIER = Symbol.for('api.JwtVerifier');
export const API_PDP = Symbol.for('api.PolicyDecisionPoint');
export const API_METRICS = Symbol.for('api.Metrics');
export const API_CACHE = Symbol.for('api.CacheBindings');
export const API_STORE = Symbol.for('api.Store');
export const API_HEALTH = Symbol.for('api.HealthChecks');
