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
 * Defines a machine from a table. The table type requires an entry for every event and every state
 * it lists, so adding a state or event without deciding its transitions fails to compile.
 */
export function defineMachine<S extends string, E extends string>(
  name: string,
  states: readonly S[],
  events: readonly E[],
  table: { readonly [K in E]: Partial<Record<S, S>> },
): StateMachine<S, E> {
  const apply = (state: S, event: E): Transition<S> => {
    const target = table[event][state];
    return target === undefined
      ? { ok: false, error: new InvalidTransitionError(name, state, event) }
      : { ok: true, state: target };
  };
  const accepted = (state: S): E[] => events.filter((e) => table[e][state] !== undefined);
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
