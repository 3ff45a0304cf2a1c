import { agentMachine, isAgentReachable, type Agent, type AgentEvent, type Page, type TenantTransaction } from '@intelgraph/domain';
import { z } from 'zod';
import type { Actor } from '../core/actor.types.js';
import { canSee, found, hasAnyRole } from '../core/actor.util.js';
import type { CommandRunner } from '../core/command.runner.js';
import type { ResourceDescriptor } from '../core/command.types.js';
import { classificationSchema, expectedVersionSchema, idSchema, idsSchema, pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';

const capabilitiesSchema = z.array(z.string().min(1).max(100)).max(100);
const registerSchema = z.object({
  name: z.string().trim().min(1).max(200),
  subject: z.string().min(1).max(200),
  role: z.string().min(1).max(100),
  model: z.string().min(1).max(200),
  capabilities: capabilitiesSchema,
  routingWeight: z.number().min(0).max(1000),
  classification: classificationSchema.default('internal'),
  heartbeatTtlMs: z.number().int().min(1000).max(86_400_000).default(30_000),
});
const updateSchema = z.object({
  expectedVersion: expectedVersionSchema,
  role: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(200).optional(),
  capabilities: capabilitiesSchema.optional(),
});
const routeSchema = z.object({ expectedVersion: expectedVersionSchema, routingWeight: z.number().min(0).max(1000) });
const transitionSchema = z.object({ expectedVersion: expectedVersionSchema.optional() }).default({});
const listSchema = pageSchema.extend({
  status: z.enum(['active', 'suspended', 'retired']).optional(),
  capabilities: capabilitiesSchema.optional(),
  reachable: z.boolean().optional(),
});

export type RegisterAgentInput = z.input<typeof registerSchema>;
export type UpdateAgentInput = z.input<typeof updateSchema>;
export type RouteAgentInput = z.input<typeof routeSchema>;
export type ListAgentsInput = z.input<typeof listSchema>;

/** Roles that may act for an agent (heartbeat it, claim for it) without being it. */
export const AGENT_SUPERVISOR_ROLES = ['operator', 'tenant_admin'] as const;

/** Agents: registration, routing weight, heartbeats (reachability) and lifecycle. */
export class AgentService {
  constructor(private readonly runner: CommandRunner) {}

  /** Registers an active agent (`agent:register`); a taken subject is a `ConflictError`. */
  async register(actor: Actor, input: RegisterAgentInput): Promise<Agent> {
    return this.runner.execute({
      actor,
      action: 'agent:register',
      schema: registerSchema,
      input,
      resource: (_tx, i) => Promise.resolve({ type: 'agent', classification: i.classification }),
      changes: (a) => ({ name: a.name, subject: a.subject, role: a.role, model: a.model }),
      run: (tx, i) => tx.repositories.agents.create({ id: this.runner.ids.next(), ...i }),
    });
  }

  /** One agent (`agent:read`). */
  async get(actor: Actor, id: string): Promise<Agent> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => this.load(tx, i) });
  }

  /**
   * Agents by id, in the order of `ids` (null when absent, of another tenant or above the actor's
   * clearance): ONE `agent:read` query for any number of agents.
   */
  async getMany(actor: Actor, ids: readonly string[]): Promise<(Agent | null)[]> {
    return this.runner.query({
      actor,
      schema: idsSchema,
      input: ids,
      resource: { type: 'agent' },
      run: async (tx, i) => {
        const agents = await tx.repositories.agents.getMany(i);
        const byId = new Map(agents.filter((a) => canSee(actor, a.classification)).map((a) => [a.id, a]));
        return i.map((id) => byId.get(id) ?? null);
      },
    });
  }

  /** Agents by status, capabilities (all of them) and reachability now (`agent:read`). */
  async list(actor: Actor, input: ListAgentsInput = {}): Promise<Page<Agent>> {
    return this.runner.query({
      actor,
      schema: listSchema,
      input,
      resource: { type: 'agent' },
      run: async (tx, i) => {
        const now = this.runner.clock.now();
        const page = await tx.repositories.agents.list(
          { status: i.status, capabilities: i.capabilities, reachableAt: i.reachable === true ? now : undefined },
          { cursor: i.cursor, limit: i.limit },
        );
        const items = page.items.filter((a) => canSee(actor, a.classification) && (i.reachable !== false || !isAgentReachable(a, now)));
        return { ...page, items };
      },
    });
  }

  /** Changes role, model or capabilities (`agent:update`). */
  async update(actor: Actor, id: string, input: UpdateAgentInput): Promise<Agent> {
    const agentId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'agent:update',
      schema: updateSchema,
      input,
      resource: (tx) => this.describe(tx, agentId),
      changes: (_a, i) => ({ ...(i.role ? { role: i.role } : {}), ...(i.model ? { model: i.model } : {}), ...(i.capabilities ? { capabilities: i.capabilities } : {}) }),
      run: async (tx, { expectedVersion, ...patch }) => {
        const agent = await this.load(tx, agentId, true);
        agentMachine.next(agent.status, 'update');
        return tx.repositories.agents.update(agentId, expectedVersion, patch);
      },
    });
  }

  /** Sets the routing weight (`agent:route`, a governance action). */
  async route(actor: Actor, id: string, input: RouteAgentInput): Promise<Agent> {
    const agentId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'agent:route',
      schema: routeSchema,
      input,
      resource: (tx) => this.describe(tx, agentId),
      changes: (a) => ({ routingWeight: a.routingWeight }),
      run: async (tx, i) => {
        const agent = await this.load(tx, agentId, true);
        agentMachine.next(agent.status, 'update');
        return tx.repositories.agents.update(agentId, i.expectedVersion, { routingWeight: i.routingWeight });
      },
    });
  }

  /** Records a heartbeat (`agent:heartbeat`); only the agent itself, or an operator or admin. */
  async heartbeat(actor: Actor, id: string): Promise<Agent> {
    const agentId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'agent:heartbeat',
      resource: (tx) => this.describe(tx, agentId),
      guard: (r) => (r.assignee === actor.subject || hasAnyRole(actor, AGENT_SUPERVISOR_ROLES) ? [] : ['not_assignee']),
      changes: (a) => ({ lastHeartbeatAt: a.lastHeartbeatAt?.toISOString() ?? null }),
      run: async (tx) => {
        const agent = await this.load(tx, agentId, true);
        agentMachine.next(agent.status, 'heartbeat');
        return tx.repositories.agents.update(agentId, agent.version, { lastHeartbeatAt: this.runner.clock.now() });
      },
    });
  }

  /** active → suspended (`agent:suspend`). */
  async suspend(actor: Actor, id: string, input?: { expectedVersion?: number }): Promise<Agent> {
    return this.transition(actor, id, 'suspend', input);
  }

  /** suspended → active (`agent:resume`). */
  async resume(actor: Actor, id: string, input?: { expectedVersion?: number }): Promise<Agent> {
    return this.transition(actor, id, 'resume', input);
  }

  /** → retired, terminal (`agent:retire`). */
  async retire(actor: Actor, id: string, input?: { expectedVersion?: number }): Promise<Agent> {
    return this.transition(actor, id, 'retire', input);
  }

  private async transition(actor: Actor, id: string, event: AgentEvent & ('suspend' | 'resume' | 'retire'), input: unknown = {}): Promise<Agent> {
    const agentId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: `agent:${event}`,
      schema: transitionSchema,
      input,
      resource: (tx) => this.describe(tx, agentId),
      changes: (a) => ({ status: a.status }),
      run: async (tx, i) => {
        const agent = await this.load(tx, agentId, true);
        return tx.repositories.agents.update(agentId, i.expectedVersion ?? agent.version, { status: agentMachine.next(agent.status, event) });
      },
    });
  }

  private async load(tx: TenantTransaction, id: string, forUpdate = false): Promise<Agent> {
    return found(await tx.repositories.agents.get(id, { forUpdate }), 'agent', id);
  }

  private async describe(tx: TenantTransaction, id: string): Promise<ResourceDescriptor> {
    const agent = await this.load(tx, id);
    return { type: 'agent', id, classification: agent.classification, assignee: agent.subject };
  }
}
