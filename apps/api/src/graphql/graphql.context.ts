import type { ApiActor } from '../auth/actor.types.js';
import type { ApiRequest, ApiResponse } from '../http/http.types.js';
import { createLoaders, type BatchReads, type RequestLoaders } from './batch-reads.service.js';

/** The per-request GraphQL context: built once per HTTP request, after the bearer token was verified. */
export interface GqlContext {
  readonly req: ApiRequest;
  readonly res: ApiResponse;
  /** The verified caller (the context refuses a request without a valid token with 401). */
  readonly actor: ApiActor;
  readonly reads: BatchReads;
  /** DataLoaders per tenant + subject, created on first use in this request. */
  readonly loaderSets: Map<string, RequestLoaders>;
  /** Cache tags of what the response contains: `<type>:<id>` per entity, `<type>` for a list. */
  readonly entities: Set<string>;
}

/** The request's loaders for `actor` (one set per tenant + subject, never shared across requests). */
export function loaders(ctx: GqlContext, actor: ApiActor = ctx.actor): RequestLoaders {
  const key = `${actor.tenantId}\u0000${actor.subject}`;
  let set = ctx.loaderSets.get(key);
  if (!set) {
    set = createLoaders(ctx.reads, actor);
    ctx.loaderSets.set(key, set);
  }
  return set;
}

type WithId = { readonly id: string };

/** Records the entities of a result (an entity, a list, a page) as cache tags; `list` marks a collection read. */
export function track<T>(ctx: GqlContext, type: string, value: T, list = false): T {
  if (list) ctx.entities.add(type);
  const add = (v: unknown): void => {
    if (v && typeof v === 'object' && typeof (v as WithId).id === 'string') ctx.entities.add(`${type}:${(v as WithId).id}`);
  };
  if (Array.isArray(value)) value.forEach(add);
  else if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)) (value as unknown as { items: unknown[] }).items.forEach(add);
  else add(value);
  return value;
}

/** `{ cursor, limit }` without absent values. */
export function page(cursor: string | undefined | null, limit: number | undefined | null): { cursor?: string; limit?: number } {
  return { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) };
}

/** `input` without undefined/null-valued keys. */
export function defined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
}
