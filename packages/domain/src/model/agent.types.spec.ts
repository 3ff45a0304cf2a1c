import { type AgentStatus, isAgentReachable } from './agent.types.js';

describe(isAgentReachable.name, () => {
  const now = new Date('2024-06-01T12:00:00.000Z');
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  const agent = (status: AgentStatus, lastHeartbeatAt: Date | null, heartbeatTtlMs = 30_000) => ({ status, lastHeartbeatAt, heartbeatTtlMs });

  it('is reachable when active with a heartbeat younger than its TTL', () => {
    expect(isAgentReachable(agent('active', ago(10_000)), now)).toBe(true);
  });

  it('is reachable with a heartbeat at this very instant', () => {
    expect(isAgentReachable(agent('active', now), now)).toBe(true);
  });

  it('is still reachable when the heartbeat is exactly TTL old', () => {
    expect(isAgentReachable(agent('active', ago(30_000)), now)).toBe(true);
  });

  it('is unreachable one millisecond after the TTL', () => {
    expect(isAgentReachable(agent('active', ago(30_001)), now)).toBe(false);
  });

  it('is unreachable before its first heartbeat', () => {
    expect(isAgentReachable(agent('active', null), now)).toBe(false);
  });

  it.each([['suspended'], ['retired']] as const)('is unreachable when %s, however fresh the heartbeat', (status) => {
    expect(isAgentReachable(agent(status, now), now)).toBe(false);
  });

  it('uses the agent’s own TTL', () => {
    expect(isAgentReachable(agent('active', ago(5_000), 1_000), now)).toBe(false);
    expect(isAgentReachable(agent('active', ago(5_000), 10_000), now)).toBe(true);
  });
});
