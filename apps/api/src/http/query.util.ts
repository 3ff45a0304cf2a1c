import { HttpException } from '@nestjs/common';
import { ValidationError } from '@intelgraph/domain';
import { z } from 'zod';
import { versionFromIfMatch } from './etag.interceptor.js';
import { parseInput } from './zod.util.js';

const listQuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  status: z.string().min(1).max(50).optional(),
});

/** Parsed list query (`cursor`, `limit`, `status`); bad values → 400 naming the parameter. */
export type ListQuery = z.output<typeof listQuerySchema>;

/** Parses `?cursor=&limit=&status=`. */
export function parseListQuery(query: unknown): ListQuery {
  return parseInput(listQuerySchema, query, 'query');
}

/** A JSON object body (the store validates its fields and names each bad one). */
export function bodyObject(body: unknown): Record<string, unknown> {
  return parseInput(z.record(z.string(), z.unknown()), body ?? {}, 'body');
}

/**
 * The expected version of a conditional write: `If-Match` (`W/"<version>"`) or `expectedVersion`
 * in the body. Missing both → 428; an unparsable header → 400.
 */
export function expectedVersion(ifMatch: string | undefined, body: Record<string, unknown>, required = true): number | undefined {
  if (ifMatch !== undefined) {
    const v = versionFromIfMatch(ifMatch);
    if (v === undefined) throw ValidationError.field('If-Match', 'must be W/"<version>"');
    return v;
  }
  const fromBody = body['expectedVersion'];
  if (typeof fromBody === 'number') return fromBody;
  if (fromBody !== undefined) throw ValidationError.field('expectedVersion', 'must be a number');
  if (required) throw new HttpException({ error: 'precondition_required', message: 'send If-Match: W/"<version>" (or expectedVersion in the body)' }, 428);
  return undefined;
}

const idSchema = z.uuid();
/** A path id; anything but a uuid → 400 naming the parameter (never a database error). */
export function pathId(id: string, name = 'id'): string {
  const r = idSchema.safeParse(id);
  if (!r.success) throw ValidationError.field(name, 'must be a uuid');
  return r.data;
}
