import { firstPathDeeperThan, MAX_INPUT_NESTING, ValidationError, type FieldError } from '@intelgraph/domain';
import type { z } from 'zod';

/**
 * Parses `input` with `schema`; on failure throws one `ValidationError` listing every bad field
 * (dotted path, message), so callers can fix all of them at once.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // Checked without recursion before anything recursive (the schemas, the NUL scan) walks the input.
  const tooDeep = firstPathDeeperThan(input, MAX_INPUT_NESTING);
  if (tooDeep !== null) throw new ValidationError([{ path: tooDeep, message: `must not be nested deeper than ${MAX_INPUT_NESTING} levels` }]);
  const nul = nulCharacterPaths(input);
  const result = schema.safeParse(input);
  if (result.success && nul.length === 0) return result.data;
  const fields: FieldError[] = [
    ...nul.map((path) => ({ path, message: 'must not contain the NUL character (\\u0000)' })),
    ...(result.success ? [] : result.error.issues).map((issue) => ({
      path: issue.path.map((p) => String(p)).join('.'),
      message: issue.message,
    })),
  ];
  throw new ValidationError(fields);
}

/**
 * Paths of strings (values or object keys) holding U+0000 anywhere in `input`. PostgreSQL cannot
 * store it in text or jsonb, so it is refused up front as bad input rather than failing in SQL.
 */
function nulCharacterPaths(input: unknown, path: string[] = [], out: string[] = [], depth = 0): string[] {
  if (depth > MAX_INPUT_NESTING) return out; // parseInput refused deeper input before calling this
  if (typeof input === 'string') {
    if (input.includes('\u0000')) out.push(path.join('.'));
  } else if (Array.isArray(input)) {
    input.forEach((v, i) => nulCharacterPaths(v, [...path, String(i)], out, depth + 1));
  } else if (input !== null && typeof input === 'object') {
    for (const [k, v] of Object.entries(input)) {
      if (k.includes('\u0000')) out.push([...path, k.replaceAll('\u0000', '\\u0000')].join('.'));
      nulCharacterPaths(v, [...path, k], out, depth + 1);
    }
  }
  return out;
}
