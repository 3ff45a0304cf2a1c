import { InvalidTransitionError } from '../errors/invalid-transition.error.js';

/** Result of applying an event: the new state, or a typed refusal. Never throws. */
export type Transition<S extends string> =
  | { readonly ok: true; readonly state: S }
  | { readonly ok: false; readonly error: InvalidTransitionError };

/** A pure, exhaustive lifecycle: every (state, event) pair is either a transition or a refusal. */
export interface StateMachine<S extends string, E extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly events: readonly E[];
  readonly terminal: readonly S[];
  /** Apply `event` in `state`. */
  apply(state: S, event: E): Transition<S>;
  /** Like `apply`, but throws the refusal; for use inside a unit of work. */
  next(state: S, event: E): S;
  /** The events `state` accepts. */
  accepted(state: S): E[];
}

/**
 * Defines a machine from a table. The table type requires a row for every event, so adding an event
 * without deciding its transitions fails to compile; a new state with no entries is terminal.
 */
export function defineMachine<S extends string, E extends string>(
  name: string,
  states: readonly S[],
  events: readonly E[],
  table: { readonly [K in E]: Partial<Record<S, S>> },
): StateMachine<S, E> {
  const apply = (state: S, event: E): Transition<S> => {
    // Guard against strings from unchecked input that are not this machine's events or states.
    const row: Partial<Record<S, S>> | undefined = Object.hasOwn(table, event) ? table[event] : undefined;
    const target = row !== undefined && Object.hasOwn(row, state) ? row[state] : undefined;
    return target === undefined
      ? { ok: false, error: new InvalidTransitionError(name, state, event) }
      : { ok: true, state: target };
  };
  const accepted = (state: S): E[] => events.filter((e) => Object.hasOwn(table[e], state));
  return {
    name,
    states,
    events,
    terminal: states.filter((s) => accepted(s).length === 0),
    apply,
    accepted,
    next(state, event) {
      const t = apply(state, event);
      if (!t.ok) throw t.error;
      return t.state;
    },
  };
}
