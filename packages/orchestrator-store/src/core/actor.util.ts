import { CLASSIFICATIONS, NotFoundError, type Classification, type Page } from '@intelgraph/domain';
import type { Actor } from './actor.types.js';

/** Whether the actor's clearance covers `classification` (list results are filtered with it). */
export function canSee(actor: Actor, classification: Classification): boolean {
  return CLASSIFICATIONS.indexOf(classification) <= CLASSIFICATIONS.indexOf(actor.clearance);
}

/**
 * The page with only the items the actor's clearance covers. The cursor is kept, so a page may hold
 * fewer than its limit while later pages still follow.
 */
export function visiblePage<T extends { readonly classification: Classification }>(actor: Actor, page: Page<T>): Page<T> {
  return { ...page, items: page.items.filter((item) => canSee(actor, item.classification)) };
}

/** Whether the actor carries any of `roles`. */
export function hasAnyRole(actor: Actor, roles: readonly string[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** Returns `value`, or throws `NotFoundError` when it is null. */
export function found<T>(value: T | null, resourceType: string, resourceId: string): T {
  if (value === null) throw new NotFoundError(resourceType, resourceId);
  return value;
}
