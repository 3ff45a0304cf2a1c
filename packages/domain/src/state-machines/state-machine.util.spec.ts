import { DomainError } from '../errors/domain.error.js';
import { InvalidTransitionError } from '../errors/invalid-transition.error.js';
import { defineMachine } from './state-machine.util.js';

const STATES = ['off', 'on', 'broken'] as const;
type S = (typeof STATES)[number];
const EVENTS = ['toggle', 'smash', 'inspect'] as const;
type E = (typeof EVENTS)[number];

describe(defineMachine.name, () => {
  const sut = defineMachine<S, E>('lamp', STATES, EVENTS, {
    toggle: { off: 'on', on: 'off' },
    smash: { off: 'broken', on: 'broken' },
    inspect: { off: 'off', on: 'on' },
  });

  it('exposes its name, states and events as given', () => {
    expect(sut.name).toBe('lamp');
    expect(sut.states).toEqual(['off', 'on', 'broken']);
    expect(sut.events).toEqual(['toggle', 'smash', 'inspect']);
  });

  it('treats states that accept no event as terminal', () => {
    expect(sut.terminal).toEqual(['broken']);
  });

  it('treats a state with only a self-transition as not terminal', () => {
    const m = defineMachine<S, E>('m', STATES, EVENTS, { toggle: {}, smash: {}, inspect: { broken: 'broken' } });
    expect(m.terminal).toEqual(['off', 'on']);
  });

  it('treats every state as terminal for an empty table', () => {
    const m = defineMachine<S, E>('m', STATES, EVENTS, { toggle: {}, smash: {}, inspect: {} });
    expect(m.terminal).toEqual(['off', 'on', 'broken']);
    expect(m.accepted('on')).toEqual([]);
  });

  describe('apply', () => {
    it('returns the target state of a listed pair', () => {
      expect(sut.apply('off', 'toggle')).toEqual({ ok: true, state: 'on' });
      expect(sut.apply('on', 'toggle')).toEqual({ ok: true, state: 'off' });
      expect(sut.apply('on', 'smash')).toEqual({ ok: true, state: 'broken' });
    });

    it('allows self-transitions', () => {
      expect(sut.apply('on', 'inspect')).toEqual({ ok: true, state: 'on' });
    });

    it('returns a refusal, without throwing, for an unlisted pair', () => {
      const result = sut.apply('broken', 'toggle');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(InvalidTransitionError);
      expect(result.error).toBeInstanceOf(DomainError);
      expect(result.error).toMatchObject({
        code: 'invalid_transition',
        machine: 'lamp',
        from: 'broken',
        event: 'toggle',
        name: 'InvalidTransitionError',
        message: 'lamp: cannot toggle when broken',
      });
    });

    it('returns a fresh error for every refusal', () => {
      const a = sut.apply('broken', 'smash');
      const b = sut.apply('broken', 'smash');
      expect(a.ok || b.ok).toBe(false);
      if (a.ok || b.ok) return;
      expect(a.error).not.toBe(b.error);
    });
  });

  describe('next', () => {
    it('returns the target state of a listed pair', () => {
      expect(sut.next('off', 'smash')).toBe('broken');
    });

    it('throws the refusal for an unlisted pair', () => {
      expect(() => sut.next('broken', 'inspect')).toThrow(InvalidTransitionError);
      expect(() => sut.next('broken', 'inspect')).toThrow('lamp: cannot inspect when broken');
    });
  });

  describe('accepted', () => {
    it.each([
      ['off', ['toggle', 'smash', 'inspect']],
      ['on', ['toggle', 'smash', 'inspect']],
      ['broken', []],
    ] as const)('lists the events %s accepts, in declaration order', (state, events) => {
      expect(sut.accepted(state)).toEqual(events);
    });

    it('returns a new array each call', () => {
      const first = sut.accepted('on');
      first.pop();
      expect(sut.accepted('on')).toEqual(['toggle', 'smash', 'inspect']);
    });
  });

  it('rejects, at compile time, a table that misses an event or names unknown states (checked by tsc)', () => {
    // Never called: the @ts-expect-error lines fail `tsc` if these tables ever type-check.
    const compileOnly = (): void => {
      // @ts-expect-error -- `inspect` has no entry
      defineMachine<S, E>('m', STATES, EVENTS, { toggle: {}, smash: {} });
      // @ts-expect-error -- `lit` is not a state
      defineMachine<S, E>('m', STATES, EVENTS, { toggle: { off: 'lit' }, smash: {}, inspect: {} });
      // @ts-expect-error -- `dim` is not a state either
      defineMachine<S, E>('m', STATES, EVENTS, { toggle: { dim: 'on' }, smash: {}, inspect: {} });
    };
    expect(compileOnly).toBeInstanceOf(Function);
  });
});
