import type { Classification, Id, Json, Versioned } from './common.types.js';

export const CHANNEL_STATUSES = ['active', 'archived'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export interface CoordinationChannel extends Versioned {
  readonly name: string;
  readonly status: ChannelStatus;
  readonly classification: Classification;
  /** Sequence of the newest message; messages are numbered 1..lastSequence without gaps. */
  readonly lastSequence: number;
}

export interface ChannelMember {
  readonly channelId: Id;
  readonly memberId: string;
  /** Highest sequence this member acknowledged. */
  readonly ackedSequence: number;
  readonly joinedAt: Date;
}

export interface ChannelMessage {
  readonly tenantId: string;
  readonly channelId: Id;
  readonly sequence: number;
  readonly id: Id;
  readonly sender: string;
  readonly body: Json;
  readonly createdAt: Date;
}
