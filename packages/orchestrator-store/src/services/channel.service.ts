import { channelMachine, type ChannelMember, type ChannelMessage, type CoordinationChannel, type Page, type TenantTransaction } from '@intelgraph/domain';
import pg from 'pg';
import { z } from 'zod';
import type { Actor } from '../core/actor.types.js';
import { found, hasAnyRole, visiblePage } from '../core/actor.util.js';
import type { CommandRunner } from '../core/command.runner.js';
import type { ResourceDescriptor } from '../core/command.types.js';
import { classificationSchema, idSchema, pageSchema } from '../core/schemas.util.js';
import { parseInput } from '../core/validation.util.js';
import { Wakeup, resolveListenUrl, type ListenUrlSource } from './channel.util.js';

const subjectSchema = z.string().trim().min(1).max(200);
const membersSchema = z.array(subjectSchema).max(1000);
const createSchema = z.object({ name: z.string().trim().min(1).max(200), members: membersSchema.default([]), classification: classificationSchema.default('internal') });
const bodySchema = z.json();
const readSchema = z.object({ after: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(100) }).default({ after: 0, limit: 100 });
const sequenceSchema = z.number().int().min(0);
const listSchema = pageSchema.extend({ status: z.enum(['active', 'archived']).optional() });
const subscribeSchema = z.object({ fromSequence: z.number().int().min(0).default(0), pollIntervalMs: z.number().int().min(10).max(60_000).default(1000) });

/** The channel all message inserts are announced on (`<tenant>:<channel>:<sequence>`), by a trigger. */
export const CHANNEL_NOTIFY = 'orch_channel';
/** Roles that may read every channel; an actor with none of them (an agent) lists only its own. */
const NON_AGENT_READERS = ['tenant_admin', 'operator', 'analyst', 'viewer'];

export type CreateChannelInput = z.input<typeof createSchema>;
export type ReadChannelInput = z.input<typeof readSchema>;
export type ListChannelsInput = z.input<typeof listSchema>;
/** Options of {@link ChannelService.subscribe}. */
export interface SubscribeChannelOptions {
  /** Deliver messages with a sequence above this one (a resume cursor); default 0, from the first. */
  readonly fromSequence?: number | undefined;
  /** Stops the subscription and releases its connection. */
  readonly signal?: AbortSignal | undefined;
  /** Fallback poll period; default 1000 ms. */
  readonly pollIntervalMs?: number | undefined;
}
/** Options of {@link ChannelService}. */
export interface ChannelServiceOptions {
  /** URL for the LISTEN connection (the container passes its data source's URL); unset means poll only. */
  readonly listenUrl?: ListenUrlSource;
}

/** Coordination channels: members, a gapless per-channel message log, read cursors and live subscriptions. */
export class ChannelService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly options: ChannelServiceOptions = {},
  ) {}

  /** Creates an active channel (`channel:create`); the creator is always a member. */
  async create(actor: Actor, input: CreateChannelInput): Promise<CoordinationChannel> {
    return this.runner.execute({
      actor,
      action: 'channel:create',
      schema: createSchema,
      input,
      resource: (_tx, i) => Promise.resolve({ type: 'channel', classification: i.classification, members: [...new Set([actor.subject, ...i.members])] }),
      changes: (c, i) => ({ name: c.name, classification: c.classification, members: [...new Set([actor.subject, ...i.members])].sort() }),
      run: (tx, i) => tx.repositories.channels.create({ id: this.runner.ids.next(), name: i.name, classification: i.classification, members: [actor.subject, ...i.members] }),
    });
  }

  /** One channel (`channel:read`; agents only of channels they belong to). */
  async get(actor: Actor, id: string): Promise<CoordinationChannel> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => this.load(tx, i) });
  }

  /** Channels the actor's clearance covers; an agent sees only the channels it belongs to (`channel:read`). */
  async list(actor: Actor, input: ListChannelsInput = {}): Promise<Page<CoordinationChannel>> {
    const memberId = hasAnyRole(actor, NON_AGENT_READERS) ? undefined : actor.subject;
    return this.runner.query({
      actor,
      schema: listSchema,
      input,
      resource: { type: 'channel' },
      run: async (tx, i) => {
        const page = await tx.repositories.channels.list({ status: i.status, memberId }, { cursor: i.cursor, limit: i.limit });
        return visiblePage(actor, page);
      },
    });
  }

  /** The channel's members with their read cursors (`channel:read`). */
  async members(actor: Actor, id: string): Promise<ChannelMember[]> {
    return this.runner.query({ actor, schema: idSchema, input: id, resource: (tx, i) => this.describe(tx, i), run: (tx, i) => tx.repositories.channels.listMembers(i) });
  }

  /** Adds members to an active channel (`channel:add_member`); existing members are kept. */
  async addMembers(actor: Actor, id: string, members: readonly string[]): Promise<ChannelMember[]> {
    const channelId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'channel:add_member',
      schema: membersSchema.min(1),
      input: members,
      resource: (tx) => this.describe(tx, channelId),
      changes: (_r, i) => ({ added: [...new Set(i)].sort() }),
      run: async (tx, i) => {
        const channel = await this.load(tx, channelId, true);
        channelMachine.next(channel.status, 'add_member');
        await tx.repositories.channels.addMembers(channelId, i);
        return tx.repositories.channels.listMembers(channelId);
      },
    });
  }

  /** Appends a message with the next gapless sequence (`channel:post`, members only). */
  async post(actor: Actor, id: string, body: unknown): Promise<ChannelMessage> {
    const channelId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'channel:post',
      schema: bodySchema,
      input: body,
      resource: (tx) => this.describe(tx, channelId),
      guard: (r) => memberGuard(actor, r),
      changes: (m) => ({ sequence: m.sequence, messageId: m.id }),
      run: async (tx, i) => {
        const channel = await this.load(tx, channelId);
        channelMachine.next(channel.status, 'post');
        return tx.repositories.channels.appendMessage({ id: this.runner.ids.next(), channelId, sender: actor.subject, body: i });
      },
    });
  }

  /** Messages with a sequence above `after`, ascending, at most `limit` (`channel:read`). */
  async read(actor: Actor, id: string, input: ReadChannelInput = {}): Promise<ChannelMessage[]> {
    const channelId = parseInput(idSchema, id);
    return this.runner.query({
      actor,
      schema: readSchema,
      input,
      resource: (tx) => this.describe(tx, channelId),
      run: (tx, i) => tx.repositories.channels.readMessages(channelId, i.after, i.limit),
    });
  }

  /** Moves the actor's read cursor forward to `sequence` (never back) (`channel:ack`, members only). */
  async ack(actor: Actor, id: string, sequence: number): Promise<ChannelMember> {
    const channelId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'channel:ack',
      schema: sequenceSchema,
      input: sequence,
      resource: (tx) => this.describe(tx, channelId),
      guard: (r) => memberGuard(actor, r),
      changes: (m) => ({ memberId: m.memberId, ackedSequence: m.ackedSequence }),
      run: async (tx, i) => {
        const channel = await this.load(tx, channelId);
        channelMachine.next(channel.status, 'ack');
        return tx.repositories.channels.acknowledge(channelId, actor.subject, i);
      },
    });
  }

  /** active → archived, read-only (`channel:archive`). */
  async archive(actor: Actor, id: string): Promise<CoordinationChannel> {
    const channelId = parseInput(idSchema, id);
    return this.runner.execute({
      actor,
      action: 'channel:archive',
      resource: (tx) => this.describe(tx, channelId),
      changes: (c) => ({ status: c.status }),
      run: async (tx) => {
        const channel = await this.load(tx, channelId, true);
        return tx.repositories.channels.update(channelId, channel.version, { status: channelMachine.next(channel.status, 'archive') });
      },
    });
  }

  /**
   * Live messages of a channel, in sequence order, from `fromSequence + 1` on, without gaps or
   * duplicates. Wake-ups come from PostgreSQL `LISTEN orch_channel` on a dedicated `pg.Client`
   * (the insert trigger notifies `<tenant>:<channel>:<seq>`) and from a periodic poll
   * (`pollIntervalMs`, default 1 s), because notifications can be missed. Every fetch goes through
   * {@link ChannelService.read}, so it is policy-checked and RLS-scoped each time. On the embedded
   * PGlite, LISTEN/NOTIFY over the socket server is not reliable (its connections share one
   * session), so delivery there may rest on the poll alone; when the LISTEN connection cannot be
   * opened the subscription silently polls. Ends, releasing the connection, when `signal` aborts
   * or the consumer stops iterating.
   */
  async *subscribe(actor: Actor, id: string, options: SubscribeChannelOptions = {}): AsyncGenerator<ChannelMessage, void, undefined> {
    const channelId = parseInput(idSchema, id);
    const { fromSequence, pollIntervalMs } = parseInput(subscribeSchema, { fromSequence: options.fromSequence, pollIntervalMs: options.pollIntervalMs });
    const signal = options.signal;
    const wakeup = new Wakeup();
    let last = fromSequence;
    // Authorize before opening a connection: a denied reader fails here.
    let batch = await this.read(actor, channelId, { after: last, limit: 200 });
    const client = await this.listen(actor.tenantId, channelId, wakeup);
    try {
      for (;;) {
        for (const message of batch) {
          if (signal?.aborted) return;
          if (message.sequence <= last) continue;
          last = message.sequence;
          yield message;
        }
        if (signal?.aborted) return;
        if (batch.length < 200) await wakeup.wait(pollIntervalMs, signal);
        if (signal?.aborted) return;
        batch = await this.read(actor, channelId, { after: last, limit: 200 });
      }
    } finally {
      await client?.end().catch(() => undefined);
    }
  }

  /** Opens the LISTEN connection, waking `wakeup` on this channel's notifications; null when it cannot. */
  private async listen(tenantId: string, channelId: string, wakeup: Wakeup): Promise<pg.Client | null> {
    const url = resolveListenUrl(this.options.listenUrl);
    if (!url) return null;
    const client = new pg.Client({ connectionString: url, application_name: 'orch-channel-listen' });
    const prefix = `${tenantId}:${channelId}:`;
    client.on('notification', (n) => {
      if (n.channel === CHANNEL_NOTIFY && n.payload?.startsWith(prefix)) wakeup.notify();
    });
    client.on('error', () => wakeup.notify());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL_NOTIFY}`);
      return client;
    } catch {
      await client.end().catch(() => undefined);
      return null;
    }
  }

  private async load(tx: TenantTransaction, id: string, forUpdate = false): Promise<CoordinationChannel> {
    return found(await tx.repositories.channels.get(id, { forUpdate }), 'channel', id);
  }

  private async describe(tx: TenantTransaction, id: string): Promise<ResourceDescriptor> {
    const channel = await this.load(tx, id);
    const members = await tx.repositories.channels.listMembers(id);
    return { type: 'channel', id, classification: channel.classification, members: members.map((m) => m.memberId) };
  }
}

function memberGuard(actor: Actor, resource: ResourceDescriptor): string[] {
  return resource.members?.includes(actor.subject) ? [] : ['not_channel_member'];
}
