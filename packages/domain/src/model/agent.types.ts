import type { Classification, Versioned } from './common.types.js';

export const AGENT_STATUSES = ['active', 'suspended', 'retired'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** An agent; `subject` is the token subject it authenticates as. Reachable while its heartbeat lease is live. */
export interface Agent extends Versioned {
  readonly name: string;
  readonly subject: string;
  readonly role: string;
  readonly model: string;
  readonly capabilities: readonly string[];
  readonly routingWeight: number;
  readonly status: AgentStatus;
  readonly classification: Classification;
  readonly heartbeatTtlMs: number;
  readonly lastHeartbeatAt: Date | null;
}

/** An agent is reachable when active and its last heartbeat is younger than its TTL. */
export function isAgentReachable(agent: Pick<Agent, 'status' | 'lastHeartbeatAt' | 'heartbeatTtlMs'>, now: Date): boolean {
  return (
    agent.status === 'active' &&
    agent.lastHeartbeatAt !== null &&
    now.getTime() - agent.lastHeartbeatAt.getTime() <= agent.heartbeatTtlMs
  );
}
