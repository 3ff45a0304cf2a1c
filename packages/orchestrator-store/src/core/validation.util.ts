import { ValidationError, type FieldError } from '@intelgraph/domain';
import type { z } from 'zod';

/**
 * Parses `input` with `schema`; on failure throws one `ValidationError` listing every bad field
 * (dotted path, message), so callers can fix all of them at once.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((issue) => ({
    path: issue.path.map((p) => String(p)).join('.'),
    message: issue.message,
  }));
  throw new ValidationError(fields);
}
