import { InvalidTransitionError } from '../errors/invalid-transition.error.js';
import {
  agentMachine,
  channelMachine,
  experimentMachine,
  loopMachine,
  playbookMachine,
  playbookRunMachine,
  playbookVersionMachine,
  proposalMachine,
  taskMachine,
  tenantMachine,
} from './lifecycles.js';
import type { StateMachine } from './state-machine.util.js';

/** One expected transition: in state `from`, event `event` moves to `to`. */
type Row = readonly [from: string, event: string, to: string];

/**
 * The expected lifecycle of one aggregate, written out by hand. Nothing here is read from the
 * machine under test: every pair not listed in `transitions` must be refused.
 */
interface Expected {
  readonly sut: StateMachine<string, string>;
  readonly name: string;
  readonly states: readonly string[];
  readonly events: readonly string[];
  readonly terminal: readonly string[];
  readonly transitions: readonly Row[];
}

const EXPECTED: readonly Expected[] = [
  {
    sut: tenantMachine,
    name: 'tenant',
    states: ['active', 'suspended'],
    events: ['suspend', 'reinstate'],
    terminal: [],
    transitions: [
      ['active', 'suspend', 'suspended'],
      ['suspended', 'reinstate', 'active'],
    ],
  },
  {
    sut: loopMachine,
    name: 'loop',
    states: ['active', 'paused', 'retired'],
    events: ['pause', 'resume', 'retire', 'configure', 'record_cycle'],
    terminal: ['retired'],
    transitions: [
      ['active', 'pause', 'paused'],
      ['paused', 'resume', 'active'],
      ['active', 'retire', 'retired'],
      ['paused', 'retire', 'retired'],
      ['active', 'configure', 'active'],
      ['paused', 'configure', 'paused'],
      ['active', 'record_cycle', 'active'],
    ],
  },
  {
    sut: agentMachine,
    name: 'agent',
    states: ['active', 'suspended', 'retired'],
    events: ['update', 'heartbeat', 'suspend', 'resume', 'retire'],
    terminal: ['retired'],
    transitions: [
      ['active', 'update', 'active'],
      ['suspended', 'update', 'suspended'],
      ['active', 'heartbeat', 'active'],
      ['active', 'suspend', 'suspended'],
      ['suspended', 'resume', 'active'],
      ['active', 'retire', 'retired'],
      ['suspended', 'retire', 'retired'],
    ],
  },
  {
    sut: experimentMachine,
    name: 'experiment',
    states: ['draft', 'running', 'paused', 'concluded', 'aborted'],
    events: ['start', 'pause', 'resume', 'conclude', 'abort', 'observe', 'edit'],
    terminal: ['concluded', 'aborted'],
    transitions: [
      ['draft', 'start', 'running'],
      ['running', 'pause', 'paused'],
      ['paused', 'resume', 'running'],
      ['running', 'conclude', 'concluded'],
      ['paused', 'conclude', 'concluded'],
      ['draft', 'abort', 'aborted'],
      ['running', 'abort', 'aborted'],
      ['paused', 'abort', 'aborted'],
      ['running', 'observe', 'running'],
      ['draft', 'edit', 'draft'],
    ],
  },
  {
    sut: playbookMachine,
    name: 'playbook',
    states: ['draft', 'enabled', 'disabled', 'deprecated'],
    events: ['publish', 'enable', 'disable', 'deprecate', 'edit'],
    terminal: ['deprecated'],
    transitions: [
      ['draft', 'publish', 'disabled'],
      ['enabled', 'publish', 'enabled'],
      ['disabled', 'publish', 'disabled'],
      ['disabled', 'enable', 'enabled'],
      ['enabled', 'disable', 'disabled'],
      ['draft', 'deprecate', 'deprecated'],
      ['enabled', 'deprecate', 'deprecated'],
      ['disabled', 'deprecate', 'deprecated'],
      ['draft', 'edit', 'draft'],
      ['enabled', 'edit', 'enabled'],
      ['disabled', 'edit', 'disabled'],
    ],
  },
  {
    sut: playbookVersionMachine,
    name: 'playbook_version',
    states: ['draft', 'published'],
    events: ['edit', 'publish'],
    terminal: ['published'],
    transitions: [
      ['draft', 'edit', 'draft'],
      ['draft', 'publish', 'published'],
    ],
  },
  {
    sut: playbookRunMachine,
    name: 'playbook_run',
    states: ['running', 'succeeded', 'failed', 'cancelled'],
    events: ['record_step', 'succeed', 'fail', 'cancel'],
    terminal: ['succeeded', 'failed', 'cancelled'],
    transitions: [
      ['running', 'record_step', 'running'],
      ['running', 'succeed', 'succeeded'],
      ['running', 'fail', 'failed'],
      ['running', 'cancel', 'cancelled'],
    ],
  },
  {
    sut: taskMachine,
    name: 'task',
    states: ['queued', 'claimed', 'succeeded', 'failed', 'retry_wait', 'dead', 'cancelled'],
    events: ['claim', 'extend', 'complete', 'fail_retry', 'fail_final', 'dead_letter', 'expire', 'cancel', 'redrive', 'wake'],
    // `failed` and `dead` accept `redrive`, so only these two are terminal.
    terminal: ['succeeded', 'cancelled'],
    transitions: [
      ['queued', 'claim', 'claimed'],
      ['retry_wait', 'claim', 'claimed'],
      ['claimed', 'extend', 'claimed'],
      ['claimed', 'complete', 'succeeded'],
      ['claimed', 'fail_retry', 'retry_wait'],
      ['claimed', 'fail_final', 'failed'],
      ['claimed', 'dead_letter', 'dead'],
      ['claimed', 'expire', 'queued'],
      ['queued', 'cancel', 'cancelled'],
      ['retry_wait', 'cancel', 'cancelled'],
      ['claimed', 'cancel', 'cancelled'],
      ['dead', 'redrive', 'queued'],
      ['failed', 'redrive', 'queued'],
      ['retry_wait', 'wake', 'queued'],
    ],
  },
  {
    sut: channelMachine,
    name: 'channel',
    states: ['active', 'archived'],
    events: ['post', 'ack', 'archive', 'add_member'],
    // `archived` still accepts `ack` (a self-transition), so by the machine's definition nothing is terminal.
    terminal: [],
    transitions: [
      ['active', 'post', 'active'],
      ['active', 'ack', 'active'],
      ['archived', 'ack', 'archived'],
      ['active', 'archive', 'archived'],
      ['active', 'add_member', 'active'],
    ],
  },
  {
    sut: proposalMachine,
    name: 'proposal',
    states: ['open', 'accepted', 'rejected', 'expired', 'cancelled'],
    events: ['vote', 'accept', 'reject', 'expire', 'cancel'],
    terminal: ['accepted', 'rejected', 'expired', 'cancelled'],
    transitions: [
      ['open', 'vote', 'open'],
      ['open', 'accept', 'accepted'],
      ['open', 'reject', 'rejected'],
      ['open', 'expire', 'expired'],
      ['open', 'cancel', 'cancelled'],
    ],
  },
];

/** Every (state, event) pair of the expected states and events that is not an expected transition. */
function refusedPairs(e: Expected): [string, string][] {
  const allowed = new Set(e.transitions.map(([from, event]) => `${from}\u0000${event}`));
  return e.states.flatMap((s) => e.events.filter((ev) => !allowed.has(`${s}\u0000${ev}`)).map((ev): [string, string] => [s, ev]));
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe('lifecycles', () => {
  it('covers every machine exactly once', () => {
    expect(EXPECTED.map((e) => e.name)).toEqual([
      'tenant',
      'loop',
      'agent',
      'experiment',
      'playbook',
      'playbook_version',
      'playbook_run',
      'task',
      'channel',
      'proposal',
    ]);
    expect(new Set(EXPECTED.map((e) => e.sut)).size).toBe(EXPECTED.length);
  });

  describe.each(EXPECTED.map((e) => [e.name, e] as const))('%s machine', (_name, expected) => {
    const { sut } = expected;

    it('has the expected name, states and events', () => {
      expect(sut.name).toBe(expected.name);
      expect(sut.states).toEqual(expected.states);
      expect(sut.events).toEqual(expected.events);
    });

    it('expected table is well-formed (known states and events, no duplicate pair)', () => {
      const pairs = expected.transitions.map(([from, event]) => `${from}/${event}`);
      expect(new Set(pairs).size).toBe(pairs.length);
      for (const [from, event, to] of expected.transitions) {
        expect(expected.states).toContain(from);
        expect(expected.events).toContain(event);
        expect(expected.states).toContain(to);
      }
    });

    it('has the expected terminal states', () => {
      expect(sorted(sut.terminal)).toEqual(sorted(expected.terminal));
    });

    it.each(expected.transitions.map((row) => [...row]))('%s --%s--> %s', (from, event, to) => {
      expect(sut.apply(from, event)).toEqual({ ok: true, state: to });
      expect(sut.next(from, event)).toBe(to);
    });

    const refused = refusedPairs(expected);
    it('refuses at least one pair (every lifecycle restricts something)', () => {
      expect(refused.length).toBeGreaterThan(0);
    });
    if (refused.length > 0) {
      it.each(refused)('refuses %s --%s-->', (from, event) => {
        const result = sut.apply(from, event);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toBeInstanceOf(InvalidTransitionError);
        expect(result.error).toMatchObject({ code: 'invalid_transition', machine: expected.name, from, event });

        const thrown = thrownBy(() => sut.next(from, event));
        expect(thrown).toBeInstanceOf(InvalidTransitionError);
        expect(thrown).toMatchObject({ code: 'invalid_transition', machine: expected.name, from, event });
      });
    }

    it.each(expected.states.map((s) => [s]))('accepts exactly the allowed events in %s', (state) => {
      const allowed = expected.transitions.filter(([from]) => from === state).map(([, event]) => event);
      expect(sorted(sut.accepted(state))).toEqual(sorted(allowed));
    });

    // jest refuses `it.each([])`; machines without terminal states (tenant, channel) skip the block.
    if (expected.terminal.length > 0) {
      it.each(expected.terminal.map((s) => [s]))('accepts no event in terminal state %s', (state) => {
        expect(sut.accepted(state)).toEqual([]);
        for (const event of expected.events) expect(sut.apply(state, event).ok).toBe(false);
      });
    }
  });
});
