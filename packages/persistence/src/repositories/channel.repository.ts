import {
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  type ChannelFilter,
  type ChannelMember,
  type ChannelMessage,
  type ChannelPatch,
  type ChannelRepository as ChannelRepositoryPort,
  type CoordinationChannel,
  type GetOptions,
  type Id,
  type Json,
  type NewChannel,
  type Page,
  type PageRequest,
  type SqlExecutor,
} from '@intelgraph/domain';
import { pageLimit } from '../util/cursor.util.js';
import { TableGateway } from '../util/table.util.js';

interface MemberRow {
  channel_id: string;
  member_id: string;
  acked_sequence: string | number;
  joined_at: Date;
}

function toMember(row: MemberRow): ChannelMember {
  return { channelId: row.channel_id, memberId: row.member_id, ackedSequence: Number(row.acked_sequence), joinedAt: row.joined_at };
}

/** Channels, their members' read cursors and the gapless message log. */
export class ChannelRepository implements ChannelRepositoryPort {
  private readonly channels: TableGateway<CoordinationChannel>;
  private readonly messages: TableGateway<ChannelMessage>;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly tenantId: string,
  ) {
    this.channels = new TableGateway({ table: 'channels', resourceType: 'channel', bigint: ['last_sequence'] }, sql, tenantId);
    this.messages = new TableGateway({ table: 'channel_messages', resourceType: 'channel_message', jsonb: ['body'], bigint: ['sequence'] }, sql, tenantId);
  }

  async create(input: NewChannel): Promise<CoordinationChannel> {
    const { members, ...rest } = input;
    const channel = await this.channels.insert({ ...rest });
    await this.insertMembers(input.id, members);
    return channel;
  }

  get(id: Id, options: GetOptions = {}): Promise<CoordinationChannel | null> {
    return this.channels.findOne({ id }, options.forUpdate);
  }

  list(filter: ChannelFilter, page: PageRequest): Promise<Page<CoordinationChannel>> {
    const memberId = filter.memberId;
    return this.channels.page({ status: filter.status }, page, {
      extra: (next) =>
        memberId === undefined
          ? { sql: 'TRUE', params: [] }
          : {
              sql: `EXISTS (SELECT 1 FROM "channel_members" m WHERE m."tenant_id" = "channels"."tenant_id" AND m."channel_id" = "channels"."id" AND m."member_id" = $${next})`,
              params: [memberId],
            },
    });
  }

  update(id: Id, expectedVersion: number, patch: ChannelPatch): Promise<CoordinationChannel> {
    return this.channels.update({ id }, expectedVersion, { ...patch });
  }

  /** Adds members (existing ones are kept as they are); the channel must exist and be active. */
  async addMembers(channelId: Id, memberIds: readonly string[]): Promise<void> {
    const status = await this.statusOf(channelId);
    if (status !== 'active') throw new InvalidTransitionError('channel', status, 'add_member');
    await this.insertMembers(channelId, memberIds);
  }

  async getMember(channelId: Id, memberId: string): Promise<ChannelMember | null> {
    const rows = await this.sql.query<MemberRow>(
      `SELECT * FROM "channel_members" WHERE "tenant_id" = $1 AND "channel_id" = $2 AND "member_id" = $3`,
      [this.tenantId, channelId, memberId],
    );
    return rows[0] ? toMember(rows[0]) : null;
  }

  async listMembers(channelId: Id): Promise<ChannelMember[]> {
    const rows = await this.sql.query<MemberRow>(`SELECT * FROM "channel_members" WHERE "tenant_id" = $1 AND "channel_id" = $2 ORDER BY "member_id"`, [
      this.tenantId,
      channelId,
    ]);
    return rows.map(toMember);
  }

  /** Moves the cursor forward only; a sequence beyond the channel's newest message is refused. */
  async acknowledge(channelId: Id, memberId: string, sequence: number): Promise<ChannelMember> {
    if (!Number.isSafeInteger(sequence) || sequence < 0) throw ValidationError.field('sequence', 'must be a non-negative integer');
    const channel = await this.sql.query<{ last_sequence: string }>(`SELECT "last_sequence" FROM "channels" WHERE "tenant_id" = $1 AND "id" = $2`, [
      this.tenantId,
      channelId,
    ]);
    if (!channel[0]) throw new NotFoundError('channel', channelId);
    const last = Number(channel[0].last_sequence);
    if (sequence > last) throw ValidationError.field('sequence', `must not exceed the channel's last sequence ${last}`);
    const rows = await this.sql.query<MemberRow>(
      `UPDATE "channel_members" SET "acked_sequence" = GREATEST("acked_sequence", $4::bigint)
       WHERE "tenant_id" = $1 AND "channel_id" = $2 AND "member_id" = $3 RETURNING *`,
      [this.tenantId, channelId, memberId, sequence],
    );
    if (!rows[0]) throw new NotFoundError('channel_member', `${channelId}/${memberId}`);
    return toMember(rows[0]);
  }

  /** Numbers the message by bumping the channel's counter; the row lock serializes posters, so no gaps. */
  async appendMessage(input: { readonly id: Id; readonly channelId: Id; readonly sender: string; readonly body: Json }): Promise<ChannelMessage> {
    const bumped = await this.sql.query<{ last_sequence: string }>(
      `UPDATE "channels" SET "last_sequence" = "last_sequence" + 1, "updated_at" = now()
       WHERE "tenant_id" = $1 AND "id" = $2 AND "status" = 'active' RETURNING "last_sequence"`,
      [this.tenantId, input.channelId],
    );
    if (!bumped[0]) {
      const status = await this.statusOf(input.channelId);
      throw new InvalidTransitionError('channel', status, 'post');
    }
    return this.messages.insert({ channelId: input.channelId, sequence: bumped[0].last_sequence, id: input.id, sender: input.sender, body: input.body });
  }

  async readMessages(channelId: Id, afterSequence: number, limit: number): Promise<ChannelMessage[]> {
    if (!Number.isSafeInteger(afterSequence) || afterSequence < 0) throw ValidationError.field('afterSequence', 'must be a non-negative integer');
    const rows = await this.sql.query(
      `SELECT * FROM "channel_messages" WHERE "tenant_id" = $1 AND "channel_id" = $2 AND "sequence" > $3 ORDER BY "sequence" LIMIT $4`,
      [this.tenantId, channelId, afterSequence, pageLimit({ limit })],
    );
    return rows.map((r) => this.messages.map(r));
  }

  async purgeMessages(before: Date): Promise<number> {
    const rows = await this.sql.query<{ n: number }>(
      `WITH "gone" AS (DELETE FROM "channel_messages" WHERE "tenant_id" = $1 AND "created_at" < $2 RETURNING 1) SELECT count(*)::integer AS "n" FROM "gone"`,
      [this.tenantId, before],
    );
    return rows[0]?.n ?? 0;
  }

  /** The channel's status; `NotFoundError` when it does not exist (for this tenant). */
  private async statusOf(channelId: Id): Promise<string> {
    const rows = await this.sql.query<{ status: string }>(`SELECT "status" FROM "channels" WHERE "tenant_id" = $1 AND "id" = $2`, [this.tenantId, channelId]);
    if (!rows[0]) throw new NotFoundError('channel', channelId);
    return rows[0].status;
  }

  private async insertMembers(channelId: Id, memberIds: readonly string[]): Promise<void> {
    const unique = [...new Set(memberIds)];
    if (unique.length === 0) return;
    await this.sql.query(
      `INSERT INTO "channel_members" ("tenant_id", "channel_id", "member_id")
       SELECT $1, $2, m FROM unnest($3::text[]) AS m ON CONFLICT ("tenant_id", "channel_id", "member_id") DO NOTHING`,
      [this.tenantId, channelId, unique],
    );
  }
}
