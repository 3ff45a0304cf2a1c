/** How deeply input objects and arrays may nest (JSON configs, payloads, message bodies, variables). */
export const MAX_INPUT_NESTING = 64;

/**
 * The dotted path of the first value nested deeper than `max` levels in `input`, or null.
 * Iterative, so input of any depth is measured without overflowing the stack (recursive
 * validators are run only on input that passed this check).
 */
export function firstPathDeeperThan(input: unknown, max: number = MAX_INPUT_NESTING): string | null {
  const stack: Array<{ value: unknown; depth: number; path: string[] }> = [{ value: input, depth: 0, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, depth, path } = item;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= max) return path.join('.');
    for (const [k, v] of Object.entries(value)) stack.push({ value: v, depth: depth + 1, path: [...path, k] });
  }
  return null;
}
